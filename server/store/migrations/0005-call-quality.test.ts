import { describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { migrate } from '../migrator.js';
import { initialSchema } from './0001-initial-schema.js';
import { agentTeamsUser } from './0002-agent-teams-user.js';
import { callStatistics } from './0003-call-statistics.js';
import { callAnnotations } from './0004-call-annotations.js';
import { callQuality } from './0005-call-quality.js';

const before = [initialSchema, agentTeamsUser, callStatistics, callAnnotations];
const insertCall = `INSERT INTO calls (id, tenant_id, direction, from_number, to_number, status, started_at, revision)
  VALUES (?, 't', 'inbound', '+1', '+2', 'completed', '2026-01-05T09:00:00.000Z', 1)`;
const insertQuality = `INSERT INTO call_quality (call_id, agent_id, reported_at, samples, round_trip_ms_avg,
  round_trip_ms_max, jitter_ms_avg, jitter_ms_max, packet_loss_percent, mos_avg, mos_min, degraded_samples)
  VALUES (?, NULL, 'now', ?, NULL, NULL, 2, 5, ?, ?, 4.0, ?)`;

describe('migration 0005: call quality', () => {
  it('keeps existing calls, which start with no quality figures', () => {
    const db = openDatabase(':memory:');
    migrate(db, before);
    db.exec("INSERT INTO tenants (id, name, created_at) VALUES ('t', 'T', 'now')");
    db.prepare(insertCall).run('old');
    migrate(db, [...before, callQuality]);
    expect(db.prepare('SELECT id FROM calls').all()).toEqual([{ id: 'old' }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM call_quality').get()).toEqual({ n: 0 });
  });

  it('refuses figures that cannot be measurements, and drops the figures with their call', () => {
    const db = openDatabase(':memory:');
    migrate(db, [...before, callQuality]);
    db.exec("INSERT INTO tenants (id, name, created_at) VALUES ('t', 'T', 'now')");
    db.prepare(insertCall).run('c1');
    const insert = db.prepare(insertQuality);
    insert.run('c1', 10, 0.5, 4.2, 0);
    expect(() => insert.run('c1', 0, 0.5, 4.2, 0)).toThrow(/CHECK/); // no samples
    expect(() => insert.run('c1', 10, 101, 4.2, 0)).toThrow(/CHECK/); // more than all packets lost
    expect(() => insert.run('c1', 10, 0.5, 5.5, 0)).toThrow(/CHECK/); // off the MOS scale
    expect(() => insert.run('c1', 10, 0.5, 4.2, 11)).toThrow(/CHECK/); // more degraded samples than samples
    expect(() => insert.run('nope', 10, 0.5, 4.2, 0)).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM calls WHERE id = 'c1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM call_quality').get()).toEqual({ n: 0 });
  });
});
