/**
 * Agents for the WebSocket measurement, written into a fresh data directory before Tandem starts, through
 * Tandem's own store (the demo tenant first, as a first start would seed it). A registrar holds at most
 * `sip.registrar.maxContactsPerAor` bindings per AOR (100 at most), so 10,000 held registrations need at
 * least 100 agents: the three demo agents alone could hold 300.
 */
import { join } from 'node:path';
import { DEMO, seedDemoTenant } from '../../server/store/seed-demo-tenant.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { DigestAccount } from '../support/sip-register-messages.js';

export function seedBenchAgents(dataDir: string, realm: string, count: number): DigestAccount[] {
  const store = SqliteStore.open(join(dataDir, 'tandem.db'));
  try {
    seedDemoTenant(store, realm);
    const accounts: DigestAccount[] = [];
    for (let number = 1; number <= count; number++) {
      const username = `bench${String(number).padStart(4, '0')}`;
      store.agents.create(
        {
          tenantId: DEMO.tenant.id,
          username,
          displayName: `Benchmark agent ${number}`,
          role: 'agent',
          password: DEMO.password,
        },
        realm,
      );
      accounts.push({ username, password: DEMO.password });
    }
    return accounts;
  } finally {
    store.close();
  }
}
