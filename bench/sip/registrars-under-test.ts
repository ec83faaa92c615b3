/**
 * The two registrars compared over UDP, started fresh for each measurement so that neither inherits the
 * transactions, garbage or warm caches of the previous one. Both serve the same realm, domains and users:
 * Tandem's defaults and its seeded demo agents.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { configSchema } from '../../server/shared/config/config-schema.js';
import { DEMO } from '../../server/store/seed-demo-tenant.js';
import type { DigestAccount } from '../support/sip-register-messages.js';
import { startKamailio } from './kamailio-process.js';
import { startTandem } from './tandem-process.js';

export const tandemDefaults = configSchema.parse({}).sip;

export const demoAccounts: readonly DigestAccount[] = DEMO.agents.map(({ username }) => ({
  username,
  password: DEMO.password,
}));

export interface RunningRegistrar {
  readonly pid: number;
  readonly udpPort: number;
  stop(): Promise<void>;
}

export interface RegistrarUnderTest {
  readonly name: string;
  start(): Promise<RunningRegistrar>;
}

export function tandemRegistrar(workDir: string): RegistrarUnderTest {
  return {
    name: 'Tandem',
    async start() {
      const dataDir = await mkdtemp(join(workDir, 'tandem-'));
      const tandem = await startTandem({ dataDir, listeners: { udp: true } });
      return {
        pid: tandem.pid,
        udpPort: tandem.udpPort,
        async stop() {
          await tandem.stop();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

export function kamailioRegistrar(workDir: string, children: number): RegistrarUnderTest {
  return {
    name: 'Kamailio',
    async start() {
      const dir = await mkdtemp(join(workDir, 'kamailio-'));
      const kamailio = await startKamailio(dir, {
        children,
        realm: tandemDefaults.realm,
        domains: tandemDefaults.domains,
        users: demoAccounts,
      });
      return {
        pid: kamailio.pid,
        udpPort: kamailio.port,
        async stop() {
          await kamailio.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  };
}
