/**
 * Kamailio in the foreground (-DD -E), in a temporary directory, with the registrar configuration written
 * for this run; stopped (with its workers) at the end.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeExit, startProcess, type StartedProcess } from '../support/child-processes.js';
import { freeUdpPort } from '../support/loopback-ports.js';
import { waitForSipAnswer } from '../support/sip-ping.js';
import {
  kamailioConfig,
  kamailioModules,
  writeSubscriberTable,
  type KamailioRegistrarOptions,
} from './kamailio-config.js';

/**
 * Shared memory for transactions: Kamailio keeps each one for its wait timer (5 s) after the final answer,
 * which at several thousand registrations per second needs about a gigabyte; the default 64 MB runs out.
 */
const sharedMemoryMb = 2048;

export interface KamailioProcess {
  readonly process: StartedProcess;
  readonly pid: number;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startKamailio(
  workDir: string,
  registrar: Omit<KamailioRegistrarOptions, 'port'>,
): Promise<KamailioProcess> {
  if (!existsSync(join(kamailioModules, 'auth_db.so'))) {
    throw new Error(
      `Kamailio's modules are not in ${kamailioModules}: is the Debian kamailio package installed?`,
    );
  }
  const port = await freeUdpPort();
  const options = { ...registrar, port };
  const dbDir = join(workDir, 'db');
  const runDir = join(workDir, 'run');
  await mkdir(runDir, { recursive: true });
  await writeSubscriberTable(dbDir, options);
  const configFile = join(workDir, 'kamailio.cfg');
  await writeFile(configFile, kamailioConfig(options, dbDir));
  const kamailio = startProcess(
    'kamailio',
    [
      ...['-f', configFile, '-DD', '-E'],
      ...['-m', String(sharedMemoryMb), '-M', '16'],
      ...['-Y', runDir, '-w', workDir],
    ],
    { cwd: workDir },
  );
  try {
    await waitForSipAnswer(port, kamailio.exited);
  } catch (error) {
    await kamailio.stop();
    throw new Error(`${(error as Error).message}\n--- Kamailio output ---\n${kamailio.output()}`, {
      cause: error,
    });
  }
  return {
    process: kamailio,
    pid: kamailio.pid,
    port,
    async stop() {
      const exit = await kamailio.stop();
      if (exit.code !== 0 && exit.signal !== 'SIGTERM') {
        throw new Error(`Kamailio ${describeExit(exit)}.\n--- output ---\n${kamailio.output()}`);
      }
    },
  };
}
