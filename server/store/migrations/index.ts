/** Every migration, in order. Add a new file `NNNN-name.ts` with its test, then list it here. */
import { initialSchema } from './0001-initial-schema.js';
import { agentTeamsUser } from './0002-agent-teams-user.js';
import { callStatistics } from './0003-call-statistics.js';
import { callAnnotations } from './0004-call-annotations.js';
import { callQuality } from './0005-call-quality.js';
import { issuedAgentCredentials } from './0006-issued-agent-credentials.js';
import type { Migration } from './migration-types.js';

export const migrations: readonly Migration[] = [
  initialSchema,
  agentTeamsUser,
  callStatistics,
  callAnnotations,
  callQuality,
  issuedAgentCredentials,
];
