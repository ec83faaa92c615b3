/**
 * The agent's side of Tandem's HTTP API (README "The agent API"): state, wrap-up, queues. Basic
 * authentication with the credentials the agent signed in with, kept in memory by the caller only.
 */
import * as z from 'zod/mini';
import {
  apiTarget,
  type ApiClientOptions,
  authorizedJsonRequest,
  basicAuthorization,
  type Credentials,
  type FetchLike,
} from './authorized-request.js';
import type { AgentStateView } from '../store/agent-state/actions.js';
import type { QueueFiguresInput } from '../store/queues/actions.js';

export { basicAuthorization };
export type { Credentials, FetchLike };

/** The server said no (`status` 401, 409 ...) or answered something this client cannot read (`status` 0). */
export class AgentApiError extends Error {
  override readonly name = 'AgentApiError';

  constructor(
    readonly status: number,
    /** The server's `code` (409) or its error text. */
    readonly code: string,
  ) {
    super(`agent API: ${status} ${code}`);
  }
}

/** The server could not be reached at all (network error or timeout). */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
}

const presenceSchema = z.object({ busy: z.boolean(), activity: z.nullable(z.string()) });

const agentStateSchema = z.object({
  state: z.string(),
  since: z.nullable(z.string()),
  notReadyReason: z.nullable(z.string()),
  wrapUpEndsAt: z.nullable(z.string()),
  notOfferedBecause: z.array(z.string()),
  notReadyReasons: z.array(z.string()),
  presence: z.optional(z.nullable(presenceSchema)),
});

const queuesSchema = z.object({
  queues: z.array(z.object({ name: z.string(), waiting: z.number(), longestWaitMs: z.number() })),
});

const directorySchema = z.object({
  entries: z.array(
    z.object({
      kind: z.enum(['agent', 'queue']),
      name: z.string(),
      label: z.string(),
      dial: z.string(),
      state: z.optional(z.string()),
      waiting: z.optional(z.number()),
    }),
  ),
});

/** An agent or a queue to transfer or consult to (`GET /api/directory`). */
export type DirectoryEntry = z.infer<typeof directorySchema>['entries'][number];

const dispositionsSchema = z.object({ dispositions: z.array(z.string()) });
const historyCallSchema = z.object({ id: z.string(), revision: z.number() });
const annotationSchema = z.object({ call: historyCallSchema });
const statusSchema = z.object({ status: z.optional(z.number()) });
const anything = z.unknown();

/** A note and a disposition code for a call, saved with `PUT /api/history/annotations`. */
export interface WrapUpNotes {
  readonly note: string;
  readonly disposition: string | null;
}

export type AgentStateCommand =
  | { readonly state: 'Available' }
  | { readonly state: 'NotReady'; readonly reason: string }
  | { readonly state: 'Offline' };

export interface AgentApi {
  getState(): Promise<AgentStateView>;
  setState(command: AgentStateCommand): Promise<AgentStateView>;
  extendWrapUp(seconds: number): Promise<AgentStateView>;
  queues(): Promise<QueueFiguresInput[]>;
  /** Agents and queues matching `query` (all when empty). */
  directory(query: string): Promise<DirectoryEntry[]>;
  /** The wrap-up codes the server offers. */
  dispositions(): Promise<string[]>;
  /** Pauses or resumes the server's recording of a call (409 when the call is not recorded). */
  setRecordingPaused(callId: string, paused: boolean): Promise<void>;
  /** Adds a third party (an agent or a number) to a call: a three-way conference. */
  addToConference(callId: string, target: string): Promise<void>;
  /** Saves the wrap-up on the call's record; resolves with the call's new revision. */
  saveWrapUp(callId: string, notes: WrapUpNotes): Promise<number>;
}

export type AgentApiOptions = ApiClientOptions;

/** A fresh id for one edit, so that sending it twice is harmless. */
function mutationId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `wrap-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function createAgentApi(options: AgentApiOptions): AgentApi {
  const target = apiTarget(options, 5_000, (message) => new ServerUnreachableError(message));

  async function call<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    schema: z.ZodMiniType<T>,
    body?: unknown,
  ): Promise<T> {
    const response = await authorizedJsonRequest(target, method, path, body);
    const payload = response.payload;
    if (!response.ok) {
      const record = (payload ?? {}) as { code?: unknown; error?: unknown };
      const code =
        typeof record.code === 'string' ? record.code : typeof record.error === 'string' ? record.error : '';
      throw new AgentApiError(response.status, code);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new AgentApiError(0, 'unexpected-response');
    return parsed.data;
  }

  return {
    getState: () => call('GET', '/api/agent/state', agentStateSchema),
    setState: (command) => call('POST', '/api/agent/state', agentStateSchema, command),
    extendWrapUp: (seconds) =>
      call('POST', '/api/agent/wrap-up', agentStateSchema, { extendSeconds: seconds }),
    queues: async () => (await call('GET', '/api/queues', queuesSchema)).queues,
    directory: async (query) =>
      (await call('GET', `/api/directory?q=${encodeURIComponent(query.trim())}`, directorySchema)).entries,
    dispositions: async () => (await call('GET', '/api/dispositions', dispositionsSchema)).dispositions,
    setRecordingPaused: async (callId, paused) => {
      await call('POST', '/api/calls/recording', anything, { callId, paused });
    },
    addToConference: async (callId, target) => {
      await call('POST', '/api/calls/conference', statusSchema, { callId, target });
    },
    saveWrapUp: async (callId, notes) => {
      // The edit is made against the revision the server has now: the agent is the only writer this soon.
      const current = await call(
        'GET',
        `/api/history/call?id=${encodeURIComponent(callId)}`,
        historyCallSchema,
      );
      const saved = await call('PUT', '/api/history/annotations', annotationSchema, {
        callId,
        mutationId: mutationId(),
        baseRevision: current.revision,
        editedAt: new Date().toISOString(),
        note: notes.note,
        ...(notes.disposition === null ? {} : { disposition: notes.disposition }),
      });
      return saved.call.revision;
    },
  };
}
