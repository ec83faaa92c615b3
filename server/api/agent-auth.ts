/**
 * HTTP Basic authentication of agents (`Authorization: Basic base64(username:password)`), checked
 * against the store's password hashes. The API is served on loopback by default; put it behind TLS
 * before exposing it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Agent, Store } from '../store/store-types.js';
import { sendJson } from './http-api.js';

export async function authenticateAgent(request: IncomingMessage, store: Store): Promise<Agent | null> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return agentWithPassword(store, decoded.slice(0, colon), decoded.slice(colon + 1));
}

/** The enabled agent these credentials belong to: a password issued at Microsoft sign-in, or their own. */
export async function agentWithPassword(
  store: Store,
  username: string,
  password: string,
): Promise<Agent | null> {
  // A password issued at Microsoft sign-in (random, hashed with SHA-256: no scrypt needed per request).
  const issuedTo = store.issuedCredentials.verify(username, password);
  const issuedAgent = issuedTo === null ? null : store.agents.findById(issuedTo);
  if (issuedAgent?.enabled) return issuedAgent;
  for (const tenant of store.tenants.list()) {
    const agent = await store.agents.verifyPassword(tenant.id, username, password);
    if (agent) return agent;
  }
  return null;
}

/** The authenticated agent, or null with a 401 (and its Basic challenge) already sent. */
export async function signedInAgent(
  request: IncomingMessage,
  response: ServerResponse,
  store: Store,
): Promise<Agent | null> {
  const agent = await authenticateAgent(request, store);
  if (agent) return agent;
  response.setHeader('WWW-Authenticate', 'Basic realm="tandem"');
  sendJson(response, 401, { error: 'wrong username or password' });
  return null;
}
