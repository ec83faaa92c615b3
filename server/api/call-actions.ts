/**
 * What an agent does to a call in progress through the HTTP API (the softphone's buttons that are
 * not SIP requests of its own):
 *
 *   POST /api/calls/recording   {"callId":"...","paused":true}    pause (card payment, PCI DSS) or resume
 *   POST /api/calls/conference  {"callId":"...","target":"1002"}  add a third party (agent, number)
 *   POST /api/calls/monitor     {"callId":"...","target":"1009","mode":"listen"}  supervisors: listen,
 *                               whisper (to the agent) or barge; again with another mode to switch
 *   POST /api/calls/transfer    {"callId":"...","target":"1002"}  blind transfer of the caller to an agent,
 *                               queue or number; answered once the new party did: 200 (the agent's leg
 *                               gets a BYE), 404 (unknown target), 409 (not transferable now, or the
 *                               target refused: its SIP status is in the body)
 *
 * Basic authentication; only an agent on the call, or a supervisor, may act on it. Answers 204, or
 * 400 (bad body), 401, 403, 404 (no such call in progress), 409 (the call is not recorded).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BridgedCall, JoinMode } from '../calls/bridged-call.js';
import type { CallsService } from '../calls/calls-service.js';
import type { Agent, Store } from '../store/store-types.js';
import { authenticateAgent } from './agent-auth.js';
import { sendJson, type HttpApi } from './http-api.js';

const MAX_BODY_BYTES = 4_096;

export interface CallActionsDeps {
  readonly calls: () => CallsService;
  readonly store: () => Store;
}

/** The authenticated agent's call named in the body, or null with the response already sent. */
async function agentsCall(
  request: IncomingMessage,
  response: ServerResponse,
  deps: CallActionsDeps,
  check: (body: Record<string, unknown>) => boolean,
  expected: string,
): Promise<{ call: BridgedCall; body: Record<string, unknown>; agent: Agent } | null> {
  const agent = await authenticateAgent(request, deps.store());
  if (!agent) {
    response.setHeader('WWW-Authenticate', 'Basic realm="tandem"');
    sendJson(response, 401, { error: 'wrong username or password' });
    return null;
  }
  const body = await readJson(request);
  if (!body || typeof body.callId !== 'string' || !check(body)) {
    sendJson(response, 400, { error: `expected ${expected}` });
    return null;
  }
  const call = deps.calls().find(body.callId);
  if (!call) {
    sendJson(response, 404, { error: 'no such call in progress' });
    return null;
  }
  if (agent.role === 'agent' && call.agentId !== agent.id && call.callerAgentId !== agent.id) {
    sendJson(response, 403, { error: 'not your call' });
    return null;
  }
  return { call, body, agent };
}

const MONITOR_MODES = new Set(['listen', 'whisper', 'barge']);
/** An extension, an agent's name, a queue or a number (`1002`, `+15550123`): one token, no spaces. */
const TRANSFER_TARGET = /^\+?[A-Za-z0-9._-]{1,64}$/;

export function registerCallActions(http: HttpApi, deps: CallActionsDeps): void {
  http.route('POST', '/api/calls/conference', async (request, response) => {
    const found = await agentsCall(
      request,
      response,
      deps,
      (body) => typeof body.target === 'string' && body.target.length > 0,
      '{"callId": string, "target": string}',
    );
    if (!found) return;
    const status = await found.call.addThirdParty(found.body.target as string);
    sendJson(response, status === 200 ? 200 : 409, { status });
  });

  http.route('POST', '/api/calls/monitor', async (request, response) => {
    const found = await agentsCall(
      request,
      response,
      deps,
      (body) => typeof body.target === 'string' && MONITOR_MODES.has(String(body.mode)),
      '{"callId": string, "target": string, "mode": "listen" | "whisper" | "barge"}',
    );
    if (!found) return;
    if (found.agent.role === 'agent') {
      sendJson(response, 403, { error: 'supervisors only' });
      return;
    }
    const mode = found.body.mode as JoinMode;
    if (found.call.setJoinMode(mode)) {
      sendJson(response, 200, { status: 200 });
      return;
    }
    const status = await found.call.addThirdParty(found.body.target as string, mode);
    sendJson(response, status === 200 ? 200 : 409, { status });
  });

  http.route('POST', '/api/calls/transfer', async (request, response) => {
    const found = await agentsCall(
      request,
      response,
      deps,
      (body) => typeof body.target === 'string' && TRANSFER_TARGET.test(body.target),
      '{"callId": string, "target": string}',
    );
    if (!found) return;
    const { call, body, agent } = found;
    // The agent hands over the customer she talks to: a call she placed herself has none to hand over.
    if (agent.role === 'agent' && call.agentId !== agent.id) {
      sendJson(response, 409, { status: 409, error: 'only the agent who answered can transfer the call' });
      return;
    }
    const status = await call.transferTo(body.target as string);
    if (status === 200 || status === 404) {
      sendJson(response, status, status === 200 ? { status } : { status, error: 'unknown target' });
      return;
    }
    sendJson(response, 409, { status });
  });

  http.route('POST', '/api/calls/recording', async (request, response) => {
    const found = await agentsCall(
      request,
      response,
      deps,
      (body) => typeof body.paused === 'boolean',
      '{"callId": string, "paused": boolean}',
    );
    if (!found) return;
    const { call, body } = found;
    if (!call.isRecorded) {
      sendJson(response, 409, { error: 'this call is not recorded' });
      return;
    }
    await call.setRecordingPaused(body.paused === true);
    noContent(response);
  });
}

function noContent(response: ServerResponse): void {
  response.writeHead(204, { 'Cache-Control': 'no-store' });
  response.end();
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
