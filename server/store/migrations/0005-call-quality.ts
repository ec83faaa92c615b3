/**
 * Call quality as the agent's softphone measured it (WebRTC getStats): round-trip time, jitter, packet
 * loss and an estimated MOS, summarised over the call and saved when it ends. One row per call and agent:
 * after a transfer each agent's leg has its own figures. The figures go with the call, so they are
 * dropped with it; an agent who leaves keeps their figures, unnamed.
 */
import type { Migration } from './migration-types.js';

export const callQuality: Migration = {
  version: 5,
  name: 'call quality',
  up(db) {
    db.exec(`
      CREATE TABLE call_quality (
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        agent_id TEXT REFERENCES agents(id) ON DELETE SET NULL,
        reported_at TEXT NOT NULL,
        samples INTEGER NOT NULL CHECK (samples > 0),
        round_trip_ms_avg REAL CHECK (round_trip_ms_avg IS NULL OR round_trip_ms_avg >= 0),
        round_trip_ms_max REAL CHECK (round_trip_ms_max IS NULL OR round_trip_ms_max >= 0),
        jitter_ms_avg REAL NOT NULL CHECK (jitter_ms_avg >= 0),
        jitter_ms_max REAL NOT NULL CHECK (jitter_ms_max >= 0),
        packet_loss_percent REAL NOT NULL CHECK (packet_loss_percent BETWEEN 0 AND 100),
        mos_avg REAL NOT NULL CHECK (mos_avg BETWEEN 1 AND 5),
        mos_min REAL NOT NULL CHECK (mos_min BETWEEN 1 AND 5),
        degraded_samples INTEGER NOT NULL CHECK (degraded_samples BETWEEN 0 AND samples)
      );
      CREATE UNIQUE INDEX call_quality_by_call_agent ON call_quality (call_id, agent_id);
    `);
  },
};
