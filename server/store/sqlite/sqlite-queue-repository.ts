import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../database.js';
import type { NewQueue, Queue, QueueRepository, QueueStrategy } from '../store-types.js';

interface QueueRow {
  id: string;
  tenant_id: string;
  name: string;
  strategy: QueueStrategy;
  priority: number;
  required_skills: string;
}

export class SqliteQueueRepository implements QueueRepository {
  constructor(private readonly db: SqliteDatabase) {}

  create(queue: NewQueue): Queue {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO queues (id, tenant_id, name, strategy, priority, required_skills, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          queue.tenantId,
          queue.name,
          queue.strategy,
          queue.priority ?? 0,
          JSON.stringify(queue.requiredSkills ?? []),
          now,
          now,
        );
      const addSupervisor = this.db.prepare(
        'INSERT INTO queue_supervisors (queue_id, agent_id) VALUES (?, ?)',
      );
      for (const agentId of queue.supervisorIds ?? []) addSupervisor.run(id, agentId);
    })();
    return this.findByName(queue.tenantId, queue.name)!;
  }

  findByName(tenantId: string, name: string): Queue | null {
    const row = this.db
      .prepare('SELECT * FROM queues WHERE tenant_id = ? AND name = ?')
      .get(tenantId, name) as QueueRow | undefined;
    return row ? this.toQueue(row) : null;
  }

  list(tenantId: string): Queue[] {
    const rows = this.db
      .prepare('SELECT * FROM queues WHERE tenant_id = ? ORDER BY name')
      .all(tenantId) as QueueRow[];
    return rows.map((row) => this.toQueue(row));
  }

  private toQueue(row: QueueRow): Queue {
    const supervisors = this.db
      .prepare('SELECT agent_id FROM queue_supervisors WHERE queue_id = ? ORDER BY agent_id')
      .all(row.id) as { agent_id: string }[];
    return {
      id: row.id,
      tenantId: row.tenant_id,
      name: row.name,
      strategy: row.strategy,
      priority: row.priority,
      requiredSkills: JSON.parse(row.required_skills) as Queue['requiredSkills'],
      supervisorIds: supervisors.map((supervisor) => supervisor.agent_id),
    };
  }
}
