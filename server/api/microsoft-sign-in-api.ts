/**
 * Microsoft sign-in for agents over HTTP (see server/teams/identity/microsoft-sign-in.ts):
 *
 *   GET    /api/sign-in/microsoft/desktop   {"clientId", "authority"}: what the desktop app's MSAL needs
 *   POST   /api/sign-in/microsoft/token     Authorization: Bearer <Entra ID token> (the desktop app's way)
 *   GET    /api/sign-in/microsoft/start     302 to the identity platform (the browser's way) ...
 *   GET    /api/sign-in/microsoft/callback  ... which comes back here; 302 to `/#microsoft-sign-in=<ticket>`
 *   POST   /api/sign-in/microsoft/handoff   {"ticket"}: the page collects its credentials, once
 *   DELETE /api/sign-in/microsoft/session   Basic auth with the issued credentials: sign-out ends them
 *
 * A signed-in answer is `{ agent, username, password, expiresAt }`: the client then signs in as a local
 * agent does. Refusals: 401 for a token that cannot be trusted (with the reason), 403 for a genuine user
 * who is no (enabled) agent, 503 when the identity platform cannot be reached, 404 when Microsoft sign-in
 * is not enabled.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../store/store-types.js';
import { SignInFlowError } from '../teams/identity/authorization-code-flow.js';
import { IdentityPlatformError, TokenRejectedError } from '../teams/identity/identity-types.js';
import type { MicrosoftSignIn, SignInResult } from '../teams/identity/microsoft-sign-in.js';
import { signedInAgent } from './agent-auth.js';
import { sendJson, type HttpApi } from './http-api.js';
import { readJsonBody } from './read-json.js';

export interface MicrosoftSignInApiDeps {
  /** Null when `teams.signIn.enabled` is false. */
  readonly signIn: MicrosoftSignIn | null;
  readonly store: () => Store;
}

const PREFIX = '/api/sign-in/microsoft';

function answerResult(response: ServerResponse, result: SignInResult): void {
  if (result.kind === 'signed-in') {
    const { agent, credential } = result;
    sendJson(response, 200, {
      agent: { id: agent.id, username: agent.username, displayName: agent.displayName },
      username: credential.username,
      password: credential.password,
      expiresAt: credential.expiresAt,
    });
    return;
  }
  const who = result.identity.userPrincipalName ?? result.identity.objectId;
  sendJson(
    response,
    403,
    result.kind === 'no-agent'
      ? { error: 'no-agent', message: `no Tandem agent is linked to the Microsoft account ${who}` }
      : { error: 'agent-disabled', message: `the Tandem agent of ${who} is disabled` },
  );
}

function answerError(response: ServerResponse, error: unknown): void {
  if (error instanceof TokenRejectedError) {
    response.setHeader(
      'WWW-Authenticate',
      `Bearer error="invalid_token", error_description="${error.reason}"`,
    );
    sendJson(response, 401, { error: 'invalid-token', reason: error.reason, message: error.message });
  } else if (error instanceof IdentityPlatformError) {
    sendJson(response, 503, { error: 'identity-platform-unreachable', message: error.message });
  } else throw error;
}

/** The code of a failed browser sign-in, for the page to explain. */
function failureCode(error: unknown): string {
  if (error instanceof SignInFlowError) return error.code;
  if (error instanceof TokenRejectedError) return 'token-rejected';
  if (error instanceof IdentityPlatformError) return 'identity-platform';
  return 'failed';
}

/** Our callback as the browser reached us (a TLS-terminating proxy says so in X-Forwarded-Proto). */
function callbackUrl(request: IncomingMessage): string {
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  const scheme = proto === 'https' ? 'https' : 'http';
  return `${scheme}://${request.headers.host ?? '127.0.0.1'}${PREFIX}/callback`;
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { location, 'cache-control': 'no-store', 'content-length': 0 });
  response.end();
}

export function registerMicrosoftSignInApi(http: HttpApi, deps: MicrosoftSignInApiDeps): void {
  const enabled = (response: ServerResponse): MicrosoftSignIn | null => {
    if (!deps.signIn)
      sendJson(response, 404, {
        error: 'microsoft-sign-in-disabled',
        message: 'Microsoft sign-in is not enabled on this server',
      });
    return deps.signIn;
  };

  http.route('POST', `${PREFIX}/token`, async (request, response) => {
    const signIn = enabled(response);
    if (!signIn) return;
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      sendJson(response, 401, {
        error: 'invalid-token',
        reason: 'malformed',
        message: 'expected Authorization: Bearer <token>',
      });
      return;
    }
    try {
      answerResult(response, await signIn.signInWithToken(token));
    } catch (error) {
      answerError(response, error);
    }
  });

  http.route('GET', `${PREFIX}/desktop`, (_request, response) => {
    const signIn = enabled(response);
    if (signIn) sendJson(response, 200, signIn.desktopApp());
  });

  http.route('GET', `${PREFIX}/start`, (request, response) => {
    const signIn = enabled(response);
    if (signIn) redirect(response, signIn.flow.begin(callbackUrl(request)));
  });

  http.route('GET', `${PREFIX}/callback`, async (request, response) => {
    const signIn = enabled(response);
    if (!signIn) return;
    const query = new URL(request.url ?? '/', 'http://local').searchParams;
    try {
      const { idToken, nonce } = await signIn.flow.complete(query);
      const ticket = signIn.keepForPage(await signIn.signInWithToken(idToken, { nonce }));
      redirect(response, `/#microsoft-sign-in=${ticket}`);
    } catch (error) {
      redirect(response, `/#microsoft-sign-in-error=${failureCode(error)}`);
    }
  });

  http.route('POST', `${PREFIX}/handoff`, async (request, response) => {
    const signIn = enabled(response);
    if (!signIn) return;
    const body = await readJsonBody(request);
    const result = typeof body?.['ticket'] === 'string' ? signIn.collect(body['ticket']) : null;
    if (result) answerResult(response, result);
    else
      sendJson(response, 404, {
        error: 'unknown-ticket',
        message: 'this sign-in was already collected or took too long',
      });
  });

  http.route('DELETE', `${PREFIX}/session`, async (request, response) => {
    const agent = await signedInAgent(request, response, deps.store());
    if (!agent) return;
    sendJson(response, 200, { revoked: deps.store().issuedCredentials.revoke(agent.id) });
  });
}
