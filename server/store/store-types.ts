/**
 * Repository interfaces, one per aggregate, so that the rest of the server never sees SQL and a
 * second database (PostgreSQL for a cluster) can be added behind the same interfaces.
 */

import type { IssuedCredentialRepository } from './issued-credential-types.js';

export type AgentRole = 'agent' | 'supervisor' | 'admin';

export interface AgentSkill {
  skill: string;
  /** Proficiency 1 (novice) to 5 (expert). */
  level: number;
}

export interface Agent {
  id: string;
  tenantId: string;
  username: string;
  displayName: string;
  role: AgentRole;
  extension: string | null;
  skills: AgentSkill[];
  teamsUserId: string | null;
  enabled: boolean;
}

/** What the SIP registrar needs to check a digest response; never the password itself. */
export interface SipCredentials {
  agentId: string;
  username: string;
  realm: string;
  ha1Md5: string;
  ha1Sha256: string;
}

export interface NewAgent {
  tenantId: string;
  username: string;
  displayName: string;
  role: AgentRole;
  extension?: string | null;
  password: string;
  skills?: AgentSkill[];
  teamsUserId?: string | null;
}

export interface AgentRepository {
  create(agent: NewAgent, sipRealm: string): Agent;
  findById(id: string): Agent | null;
  findByUsername(tenantId: string, username: string): Agent | null;
  list(tenantId: string): Agent[];
  sipCredentials(username: string, realm: string): SipCredentials | null;
  /** Checks an API password; false for an unknown or disabled agent as for a wrong password. */
  verifyPassword(tenantId: string, username: string, password: string): Promise<Agent | null>;
  setPassword(agentId: string, password: string, sipRealm: string): void;
  /** Links the agent to a Teams user (object id or UPN) for the presence gate, or unlinks (null). */
  setTeamsUserId(agentId: string, teamsUserId: string | null): Agent;
  /** The agent linked to a Teams user in a tenant (compared without regard to case). */
  findByTeamsUserId(tenantId: string, teamsUserId: string): Agent | null;
}

export type QueueStrategy =
  'longest-idle' | 'least-occupied' | 'round-robin' | 'fewest-calls' | 'skills-best-match' | 'ring-all';

export interface Queue {
  id: string;
  tenantId: string;
  name: string;
  strategy: QueueStrategy;
  priority: number;
  requiredSkills: AgentSkill[];
  supervisorIds: string[];
}

export interface NewQueue {
  tenantId: string;
  name: string;
  strategy: QueueStrategy;
  priority?: number;
  requiredSkills?: AgentSkill[];
  supervisorIds?: string[];
}

export interface QueueRepository {
  create(queue: NewQueue): Queue;
  findByName(tenantId: string, name: string): Queue | null;
  list(tenantId: string): Queue[];
}

export interface Trunk {
  id: string;
  tenantId: string;
  name: string;
  kind: 'pstn' | 'teams';
  /** Source addresses or CIDR ranges calls are accepted from. */
  allowedSources: string[];
  outboundUri: string | null;
}

export interface TrunkRepository {
  create(trunk: Omit<Trunk, 'id'>): Trunk;
  findByName(tenantId: string, name: string): Trunk | null;
  list(): Trunk[];
}

export interface PhoneNumber {
  e164: string;
  tenantId: string;
  label: string;
  target: { kind: 'queue' | 'flow' | 'agent'; name: string };
}

export interface PhoneNumberRepository {
  upsert(number: PhoneNumber): void;
  find(e164: string): PhoneNumber | null;
  list(tenantId: string): PhoneNumber[];
}

export type CallDirection = 'inbound' | 'outbound' | 'internal';
export type CallStatus = 'active' | 'completed' | 'unfinished';

export interface CallRecord {
  id: string;
  tenantId: string;
  direction: CallDirection;
  fromNumber: string;
  toNumber: string;
  status: CallStatus;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  hangupBy: string | null;
  queueId: string | null;
  agentId: string | null;
  recordingRef: string | null;
  /** The agent's wrap-up after a queue call, once it is over; null when unknown or none. */
  wrapUpMs: number | null;
  /** Grows with every change; clients sync "changes since revision N". */
  revision: number;
}

export interface CallEvent {
  id: number;
  callId: string;
  at: string;
  kind: string;
  data: Record<string, unknown>;
}

export interface NewCall {
  id: string;
  tenantId: string;
  direction: CallDirection;
  fromNumber: string;
  toNumber: string;
  startedAt: string;
}

export interface CallUpdate {
  answeredAt?: string;
  queueId?: string | null;
  agentId?: string | null;
  recordingRef?: string | null;
  wrapUpMs?: number | null;
}

export interface CallRepository {
  /** Writes the record as soon as a call starts, so that a crash leaves an unfinished record, never none. */
  start(call: NewCall): CallRecord;
  update(id: string, update: CallUpdate): CallRecord;
  appendEvent(callId: string, kind: string, data?: Record<string, unknown>, at?: string): CallEvent;
  finish(id: string, end: { endedAt: string; endReason: string; hangupBy: string | null }): CallRecord;
  find(id: string): CallRecord | null;
  events(callId: string): CallEvent[];
  /** Calls still `active` from a previous run are marked `unfinished`; returns how many. */
  markInterruptedCalls(at: string): number;
  changedSince(revision: number, limit: number): CallRecord[];
  /** A tenant's calls that started in [from, to) (ISO 8601 UTC), oldest first, at most `limit`. */
  startedBetween(tenantId: string, from: string, to: string, limit: number): CallRecord[];
}

export interface Tenant {
  id: string;
  name: string;
}

export interface TenantRepository {
  /** Creates the tenant when it does not exist; returns whether it was created. */
  ensure(tenant: Tenant): boolean;
  list(): Tenant[];
}

export interface Store {
  readonly tenants: TenantRepository;
  readonly agents: AgentRepository;
  readonly queues: QueueRepository;
  readonly trunks: TrunkRepository;
  readonly numbers: PhoneNumberRepository;
  readonly calls: CallRepository;
  /** Passwords issued at Microsoft sign-in (issued-credential-types.ts). */
  readonly issuedCredentials: IssuedCredentialRepository;
  /** Throws when the database cannot answer. */
  ping(): void;
  close(): void;
}
