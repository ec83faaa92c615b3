/**
 * The agents who answer the benchmark's calls. An agent on a call is busy, so N concurrent calls need N
 * registered agents. They are seeded once per run into a template database (Tandem's own store, through
 * bench/sip's seedBenchAgents: about 35 ms of password hashing each), given the skill the support queue
 * requires, and the template is copied into each measurement's fresh data directory.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO } from '../../server/store/seed-demo-tenant.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { DigestAccount } from '../support/sip-register-messages.js';
import { seedBenchAgents } from '../sip/bench-agents.js';

const DATABASE = 'tandem.db';

export interface AgentTemplate {
  readonly dir: string;
  readonly accounts: readonly DigestAccount[];
}

/**
 * Seeds `count` agents with skill english (level 3, as the demo agents alice and bob) into `dir`. The demo
 * queue `support` (+15550101) requires english at level 1 or more.
 */
export function seedCallAgents(dir: string, realm: string, count: number): AgentTemplate {
  const accounts = seedBenchAgents(dir, realm, count);
  const store = SqliteStore.open(join(dir, DATABASE));
  try {
    const support = store.queues.findByName(DEMO.tenant.id, 'support');
    const required = support?.requiredSkills.find((skill) => skill.skill === 'english');
    if (!required)
      throw new Error('the demo queue "support" no longer requires english: update the benchmark');
    // seedBenchAgents creates agents without skills and the agent repository has no skill update: the
    // benchmark writes the agent_skills rows the repository's create() would have written.
    const addSkill = store.db.prepare(
      "INSERT INTO agent_skills (agent_id, skill, level) SELECT id, 'english', 3 FROM agents WHERE username = ?",
    );
    store.db.transaction(() => accounts.forEach(({ username }) => addSkill.run(username)))();
    const withSkill = store.agents
      .list(DEMO.tenant.id)
      .filter((agent) => agent.skills.some((skill) => skill.skill === 'english')).length;
    if (withSkill < count) throw new Error(`only ${withSkill} of ${count} agents have the skill english`);
  } finally {
    store.close();
  }
  return { dir, accounts };
}

/**
 * A measurement's data directory: the template's database (closed, so its WAL is merged) with only the
 * first `count` benchmark agents, so that the tenant has as many agents as the measurement needs.
 */
export function prepareDataDir(template: AgentTemplate, dataDir: string, count: number): DigestAccount[] {
  if (count > template.accounts.length)
    throw new Error(`the template has ${template.accounts.length} agents`);
  copyFileSync(join(template.dir, DATABASE), join(dataDir, DATABASE));
  const extra = template.accounts.slice(count);
  if (extra.length > 0) {
    const store = SqliteStore.open(join(dataDir, DATABASE));
    try {
      // agent_skills rows go with their agent (ON DELETE CASCADE).
      const remove = store.db.prepare('DELETE FROM agents WHERE username = ?');
      store.db.transaction(() => extra.forEach(({ username }) => remove.run(username)))();
    } finally {
      store.close();
    }
  }
  return template.accounts.slice(0, count);
}
