/**
 * Agents linked to Teams users for the presence gate. The column `agents.teams_user_id` (an Entra
 * object id or a UPN) exists since the first schema; this migration makes the link one-to-one within
 * a tenant (one Teams account's presence cannot steer two agents by mistake), compared without
 * regard to case as Entra compares UPNs, and lets the server look an agent up by it.
 * Values are trimmed, and an empty string becomes NULL ("no Teams account").
 */
import type { Migration } from './migration-types.js';

export const agentTeamsUser: Migration = {
  version: 2,
  name: 'agent teams user link',
  up(db) {
    db.exec(`
      UPDATE agents SET teams_user_id = NULLIF(TRIM(teams_user_id), '') WHERE teams_user_id IS NOT NULL;
      CREATE UNIQUE INDEX agents_by_teams_user
        ON agents (tenant_id, teams_user_id COLLATE NOCASE)
        WHERE teams_user_id IS NOT NULL;
    `);
  },
};
