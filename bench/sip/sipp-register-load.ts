/**
 * One SIPp run of the REGISTER-with-digest scenario against a registrar over UDP, bounded in calls and time,
 * and what it achieved: calls that ended in 200 OK and calls that failed, and the steady rate read from
 * SIPp's per-second statistics (the first second, while SIPp ramps up, is left out).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeExit, startProcess, type StartedProcess } from '../support/child-processes.js';
import { freeUdpPort, LOOPBACK } from '../support/loopback-ports.js';
import type { DigestAccount } from '../support/sip-register-messages.js';

const scenario = fileURLToPath(new URL('./register-digest-load.xml', import.meta.url));

export interface SippLoadOptions {
  readonly registrarPort: number;
  /** Used in turn, one per call. */
  readonly accounts: readonly DigestAccount[];
  /** Calls (REGISTER, 401, REGISTER, 200) to make in all (-m). */
  readonly calls: number;
  /** New calls per second (-r); set it high with a small `maxInFlight` to measure capacity. */
  readonly callsPerSecond: number;
  /** Calls outstanding at once (-l). */
  readonly maxInFlight: number;
  /** SIPp stops after this long whatever happened (-timeout). */
  readonly timeoutSeconds: number;
  /** Where SIPp writes its statistics and error log. */
  readonly workDir: string;
}

export interface SippLoadResult {
  readonly successfulCalls: number;
  readonly failedCalls: number;
  /** Successful calls per second between the end of the first second and the end of the run. */
  readonly registrationsPerSecond: number;
  readonly elapsedSeconds: number;
}

export interface RunningSippLoad {
  readonly process: StartedProcess;
  readonly finished: Promise<SippLoadResult>;
}

export async function startSippLoad(options: SippLoadOptions): Promise<RunningSippLoad> {
  const localPort = await freeUdpPort();
  const statFile = join(options.workDir, `sipp-${localPort}-stats.csv`);
  const errorFile = join(options.workDir, `sipp-${localPort}-errors.log`);
  const users = join(options.workDir, `sipp-${localPort}-users.csv`);
  writeFileSync(users, injectionFile(options.accounts));
  const sipp = startProcess(
    'sipp',
    [
      ...['-sf', scenario, '-inf', users],
      ...['-i', LOOPBACK, '-p', String(localPort), '-t', 'u1'],
      ...['-m', String(options.calls), '-r', String(options.callsPerSecond), '-rp', '1000'],
      ...['-l', String(options.maxInFlight)],
      ...['-timeout', `${options.timeoutSeconds}s`, '-recv_timeout', '5000'],
      // No default behaviours: a failed call is counted, not followed by a BYE.
      '-nd',
      ...['-trace_stat', '-stf', statFile, '-fd', '1'],
      ...['-trace_err', '-error_file', errorFile],
      `${LOOPBACK}:${options.registrarPort}`,
    ],
    { cwd: options.workDir },
  );
  const finished = sipp.exited.then((exit) => {
    // 0: every call succeeded; 1: some failed. Anything else means SIPp itself could not do the run.
    if (exit.code !== 0 && exit.code !== 1) {
      throw new Error(`SIPp ${describeExit(exit)}.\n--- SIPp output ---\n${sipp.output().slice(-4000)}`);
    }
    const result = readSippStatistics(statFile);
    if (result.successfulCalls === 0) {
      const errors = existsSync(errorFile)
        ? readFileSync(errorFile, 'utf8').slice(0, 3000)
        : '(no error log)';
      throw new Error(`SIPp completed no registration.\n--- SIPp errors ---\n${errors}`);
    }
    return result;
  });
  return { process: sipp, finished };
}

/** SIPp's injection file: field0 the user, field1 the [authentication] keyword SIPp answers a 401 with. */
function injectionFile(accounts: readonly DigestAccount[]): string {
  const rows = accounts.map(
    ({ username, password }) => `${username};[authentication username=${username} password=${password}]`,
  );
  return `SEQUENTIAL\n${rows.join('\n')}\n`;
}

interface StatRow {
  readonly time: number;
  readonly successful: number;
  readonly failed: number;
}

/** Reads SIPp's -trace_stat file: one `;`-separated row per period, cumulative counters marked (C). */
export function readSippStatistics(file: string): SippLoadResult {
  const [header = '', ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.split(';');
  const column = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`SIPp statistics have no ${name} column: ${file}`);
    return index;
  };
  const timeAt = column('CurrentTime');
  const successAt = column('SuccessfulCall(C)');
  const failedAt = column('FailedCall(C)');
  const rows: StatRow[] = lines.map((line) => {
    const fields = line.split(';');
    // CurrentTime reads "date<TAB>time<TAB>seconds.micros since the epoch".
    const time = Number((fields[timeAt] ?? '').split('\t').pop());
    return { time, successful: Number(fields[successAt]), failed: Number(fields[failedAt]) };
  });
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) throw new Error(`SIPp wrote no statistics: ${file}`);
  const steadyStart = rows.find((row) => row.time >= first.time + 1 && row.time < last.time - 0.5) ?? first;
  const seconds = last.time - steadyStart.time;
  return {
    successfulCalls: last.successful,
    failedCalls: last.failed,
    registrationsPerSecond: seconds > 0 ? (last.successful - steadyStart.successful) / seconds : NaN,
    elapsedSeconds: last.time - first.time,
  };
}
