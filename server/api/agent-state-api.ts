/**
 * The agent's ACD state through the HTTP API (the softphone's state bar) and the queues they serve:
 *
 *   GET  /api/agent/state                      {"state":"Available","since":...,"notOfferedBecause":[...]}
 *   POST /api/agent/state  {"state":"NotReady","reason":"lunch"} | {"state":"Available"} | {"state":"Offline"}
 *   POST /api/agent/wrap-up {"extendSeconds":30}
 *   GET  /api/queues                           waiting callers, longest wait, agents, per queue
 *
 * Basic authentication. A supervisor may name another agent (`"agent":"alice"` in the body, `?agent=`
 * in the query) to force a state. Answers 200 with the agent's state, or 400 (bad body), 401, 404
 * (unknown agent), 409 (not possible now: e.g. Not ready with an unknown reason, wrap-up not running).
 */
import type { CallsService } from '../calls/calls-service.js';
import { AgentState, type AgentCommand, type RoutingEngine } from '../routing/index.js';
import type { Agent, Store } from '../store/store-types.js';
import { signedInAgent } from './agent-auth.js';
import { sendJson, type HttpApi } from './http-api.js';
import { readJsonBody } from './read-json.js';

export interface AgentStateApiDeps {
  readonly calls: () => CallsService;
  readonly store: () => Store;
}

/** The agent a request is about: the caller, or for a supervisor the one named. */
function subject(caller: Agent, named: unknown, store: Store): Agent | null {
  if (typeof named !== 'string' || named === caller.username || caller.role === 'agent') return caller;
  return store.agents.findByUsername(caller.tenantId, named);
}

export function agentStateView(engine: RoutingEngine, agent: Agent) {
  const status = engine.agentStatus(agent.id);
  return {
    agent: agent.username,
    state: status?.state ?? AgentState.Offline,
    since: status ? new Date(status.since).toISOString() : null,
    notReadyReason: status?.notReadyReason ?? null,
    wrapUpEndsAt: status?.wrapUpEndsAt ? new Date(status.wrapUpEndsAt).toISOString() : null,
    presence: status?.presence ?? null,
    queues: engine.agentQueues(agent.id),
    notOfferedBecause: engine.whyNotOffered(agent.id),
    notReadyReasons: engine.options.notReadyReasons,
  };
}

function commandFor(body: Record<string, unknown>, caller: Agent, forOther: boolean): AgentCommand | null {
  const state = body.state;
  const reason = typeof body.reason === 'string' ? body.reason : undefined;
  if (forOther) {
    if (state === AgentState.Available) {
      return { type: 'supervisorForce', supervisorId: caller.id, target: { state: AgentState.Available } };
    }
    if (state === AgentState.NotReady) {
      return {
        type: 'supervisorForce',
        supervisorId: caller.id,
        target: { state: AgentState.NotReady, ...(reason ? { reason } : {}) },
      };
    }
    if (state === AgentState.Offline) {
      return { type: 'supervisorForce', supervisorId: caller.id, target: { state: AgentState.Offline } };
    }
    return null;
  }
  if (state === AgentState.Available) return { type: 'setAvailable' };
  if (state === AgentState.NotReady && reason) return { type: 'setNotReady', reason };
  if (state === AgentState.Offline) return { type: 'logout' };
  return null;
}

export function registerAgentStateApi(http: HttpApi, deps: AgentStateApiDeps): void {
  http.route('GET', '/api/agent/state', async (request, response) => {
    const caller = await signedInAgent(request, response, deps.store());
    if (!caller) return;
    const named = new URL(request.url ?? '/', 'http://localhost').searchParams.get('agent');
    const agent = subject(caller, named, deps.store());
    if (!agent) return sendJson(response, 404, { error: 'no such agent' });
    sendJson(response, 200, agentStateView(deps.calls().routing.engine, agent));
  });

  http.route('POST', '/api/agent/state', async (request, response) => {
    const caller = await signedInAgent(request, response, deps.store());
    if (!caller) return;
    const body = await readJsonBody(request);
    if (!body) return sendJson(response, 400, { error: 'expected a JSON object' });
    const agent = subject(caller, body.agent, deps.store());
    if (!agent) return sendJson(response, 404, { error: 'no such agent' });
    const command = commandFor(body, caller, agent.id !== caller.id);
    if (!command) {
      return sendJson(response, 400, {
        error: 'expected {"state": "Available" | "Offline"} or {"state": "NotReady", "reason": string}',
      });
    }
    const engine = deps.calls().routing.engine;
    const result = engine.agentCommand(agent.id, command);
    if (!result.ok) return sendJson(response, 409, { error: result.error.message, code: result.error.code });
    sendJson(response, 200, agentStateView(engine, agent));
  });

  http.route('POST', '/api/agent/wrap-up', async (request, response) => {
    const agent = await signedInAgent(request, response, deps.store());
    if (!agent) return;
    const body = await readJsonBody(request);
    const seconds = body?.extendSeconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
      return sendJson(response, 400, { error: 'expected {"extendSeconds": 1..3600}' });
    }
    const engine = deps.calls().routing.engine;
    const result = engine.agentCommand(agent.id, { type: 'extendWrapUp', ms: seconds * 1000 });
    if (!result.ok) return sendJson(response, 409, { error: result.error.message, code: result.error.code });
    sendJson(response, 200, agentStateView(engine, agent));
  });

  http.route('GET', '/api/queues', async (request, response) => {
    const agent = await signedInAgent(request, response, deps.store());
    if (!agent) return;
    const { engine } = deps.calls().routing;
    const store = deps.store();
    const mine = new Set(engine.agentQueues(agent.id));
    const queues = store.queues
      .list(agent.tenantId)
      .filter((queue) => agent.role !== 'agent' || mine.has(queue.id))
      .map((queue) => ({ name: queue.name, ...engine.queueSnapshot(queue.id) }));
    sendJson(response, 200, { queues });
  });
}
