/**
 * What the agent's desk looks up while on a call:
 *
 *   GET /api/directory?q=<text>   agents and queues of the agent's tenant to transfer or consult to, each
 *                                 with what to dial: {"entries":[{"kind":"agent","name":"bob","label":"Bob
 *                                 Agent","dial":"1002","state":"Available"},{"kind":"queue","name":"sales",
 *                                 "label":"sales","dial":"+15550199","waiting":0}]}
 *   GET /api/dispositions         the wrap-up codes an agent picks from: {"dispositions":["resolved",...]}
 *
 * `q` matches names, extensions and numbers, case-insensitively, anywhere in them; at most 50 entries.
 * Basic authentication. A queue is only listed with a number to dial (a queue without one cannot be
 * called from a phone).
 */
import type { CallsService } from '../calls/calls-service.js';
import { AgentState } from '../routing/index.js';
import type { Store } from '../store/store-types.js';
import { signedInAgent } from './agent-auth.js';
import { sendJson, type HttpApi } from './http-api.js';

/** The wrap-up codes when the server is given none. */
export const DEFAULT_DISPOSITIONS: readonly string[] = [
  'resolved',
  'follow-up',
  'escalated',
  'wrong-number',
  'no-action',
];

export const DIRECTORY_MAX_ENTRIES = 50;
const QUERY_MAX_LENGTH = 100;

export interface DeskDirectoryApiDeps {
  readonly calls: () => CallsService;
  readonly store: () => Store;
  /** The configured wrap-up codes; DEFAULT_DISPOSITIONS when absent or empty. */
  readonly dispositions?: () => readonly string[];
}

export type DirectoryEntry =
  | {
      readonly kind: 'agent';
      readonly name: string;
      readonly label: string;
      readonly dial: string;
      readonly state: string;
    }
  | {
      readonly kind: 'queue';
      readonly name: string;
      readonly label: string;
      readonly dial: string;
      readonly waiting: number;
    };

export function registerDeskDirectoryApi(http: HttpApi, deps: DeskDirectoryApiDeps): void {
  http.route('GET', '/api/directory', async (request, response) => {
    const store = deps.store();
    const user = await signedInAgent(request, response, store);
    if (!user) return;
    const query = (new URL(request.url ?? '/', 'http://localhost').searchParams.get('q') ?? '').trim();
    if (query.length > QUERY_MAX_LENGTH)
      return sendJson(response, 400, { error: `q: at most ${QUERY_MAX_LENGTH} characters` });
    const needle = query.toLowerCase();
    const matches = (...texts: (string | null | undefined)[]) =>
      needle === '' || texts.some((text) => text?.toLowerCase().includes(needle));
    const engine = deps.calls().routing.engine;
    const agents: DirectoryEntry[] = store.agents
      .list(user.tenantId)
      .filter((agent) => agent.enabled && agent.role === 'agent' && agent.id !== user.id)
      .filter((agent) => matches(agent.username, agent.displayName, agent.extension))
      .map((agent) => ({
        kind: 'agent',
        name: agent.username,
        label: agent.displayName,
        dial: agent.extension ?? agent.username,
        state: engine.agentStatus(agent.id)?.state ?? AgentState.Offline,
      }));
    const numbers = store.numbers.list(user.tenantId);
    const queues: DirectoryEntry[] = store.queues.list(user.tenantId).flatMap((queue) => {
      const number = numbers.find(
        (candidate) => candidate.target.kind === 'queue' && candidate.target.name === queue.name,
      );
      if (!number || !matches(queue.name, number.e164, number.label)) return [];
      return [
        {
          kind: 'queue' as const,
          name: queue.name,
          label: number.label || queue.name,
          dial: number.e164,
          waiting: engine.queueSnapshot(queue.id)?.waiting ?? 0,
        },
      ];
    });
    sendJson(response, 200, { entries: [...agents, ...queues].slice(0, DIRECTORY_MAX_ENTRIES) });
  });

  http.route('GET', '/api/dispositions', async (request, response) => {
    const user = await signedInAgent(request, response, deps.store());
    if (!user) return;
    const configured = deps.dispositions?.() ?? [];
    sendJson(response, 200, { dispositions: configured.length > 0 ? configured : DEFAULT_DISPOSITIONS });
  });
}
