/**
 * The registrar (RFC 3261 section 10.3) with digest authentication (section 22) and RFC 5626 flows.
 *
 * Each REGISTER: the domain must be ours (step 1), the client authenticated (steps 2-3, a 401 with
 * MD5 and SHA-256 challenges (RFC 8760) in the configured order, stale=true for an expired nonce), the authenticated user
 * must own the AOR (step 3), and then the Contact list is applied with the Call-ID/CSeq rules of
 * steps 6-7, expiry bounded by min/max (423 Interval Too Brief below the minimum). Failed attempts
 * count toward a lockout per source address and per username.
 */
import type { Logger } from '../../shared/logger.js';
import {
  formatUri,
  isSipUri,
  SipParseError,
  unquote,
  type NameAddr,
  type SipRequest,
} from '../message/index.js';
import type { AuthFailureLockout } from '../protection/index.js';
import type { ServerTransaction } from '../transaction/server-transactions.js';
import type { Flow } from '../transport/transport-types.js';
import {
  buildChallenges,
  NonceManager,
  parseDigestCredentials,
  resolveDigestAlgorithm,
  verifyDigest,
} from './digest/index.js';
import type { LocationService } from './location-service.js';
import type { Binding, CredentialLookup, RegistrarOptions } from './registrar-types.js';

export interface RegistrarDeps {
  options: RegistrarOptions;
  credentials: CredentialLookup;
  location: LocationService;
  /** Failed authentications per source address, and per username. */
  sourceLockout: AuthFailureLockout;
  userLockout: AuthFailureLockout;
  /** Sources never locked out (trunks, monitoring). */
  isTrusted(source: string): boolean;
  logger: Logger;
  serverHeader: string;
  now?: () => number;
}

export interface RegistrarStats {
  registered: number;
  challenged: number;
  rejected: number;
}

export class Registrar {
  private readonly nonces: NonceManager;
  private readonly now: () => number;
  private readonly domains: Set<string>;
  readonly stats: RegistrarStats = { registered: 0, challenged: 0, rejected: 0 };

  constructor(private readonly deps: RegistrarDeps) {
    this.now = deps.now ?? Date.now;
    this.nonces = new NonceManager({ lifetimeMs: deps.options.nonceLifetimeSeconds * 1000, now: this.now });
    this.domains = new Set(deps.options.domains.map((domain) => domain.toLowerCase()));
  }

  handle(request: SipRequest, transaction: ServerTransaction, flow: Flow): void {
    const { options } = this.deps;
    const source = flow.remote.host;
    const now = this.now();
    const reply = (status: number, reason?: string, headers: [string, string][] = []) => {
      transaction.respond(status, reason, {
        toTag: status === 100 ? undefined : localTag(request),
        headers: [['Server', this.deps.serverHeader], ...headers],
      });
    };

    // Step 1: "The registrar inspects the Request-URI to determine whether it has access to
    // bindings for the domain identified in the Request-URI."
    const target = request.uri;
    if (!isSipUri(target) || !this.domains.has(target.host.replace(/^\[|\]$/g, '').toLowerCase())) {
      reply(403, 'Domain Not Served');
      return;
    }
    const to = request.to.uri;
    if (!isSipUri(to) || !to.user) {
      reply(400, 'Bad To Address');
      return;
    }
    const aor = to.user;

    if (!this.deps.isTrusted(source) && this.deps.sourceLockout.isLocked(source, now)) {
      this.stats.rejected++;
      reply(403, 'Too Many Failed Attempts');
      return;
    }

    // Steps 2-3: authenticate, then authorise for this AOR.
    const authorization = request.headers.get('authorization');
    if (authorization === undefined) {
      this.challenge(reply, false);
      return;
    }
    const parsed = parseDigestCredentials(authorization);
    if (!parsed.ok) {
      this.fail(source, undefined, now);
      reply(400, 'Malformed Authorization');
      return;
    }
    const credentials = parsed.value;
    const username = credentials.username ?? '';
    if (this.deps.userLockout.isLocked(username, now)) {
      this.stats.rejected++;
      reply(403, 'Too Many Failed Attempts');
      return;
    }
    const record = this.deps.credentials.find(username, options.realm);
    const algorithm = resolveDigestAlgorithm(credentials.algorithm);
    if (!record || !algorithm.ok) {
      // An unknown user is refused exactly like a wrong password.
      this.fail(source, username, now);
      reply(403, 'Forbidden');
      return;
    }
    const verdict = verifyDigest({
      credentials,
      method: request.method,
      ha1: algorithm.algorithm === 'SHA-256' ? record.ha1Sha256 : record.ha1Md5,
      expectedRealm: options.realm,
      nonceManager: this.nonces,
    });
    if (verdict.outcome === 'stale') {
      this.challenge(reply, true);
      return;
    }
    if (verdict.outcome === 'rejected') {
      this.deps.logger.info({ source, username, reason: verdict.reason }, 'REGISTER authentication failed');
      if (verdict.reason === 'invalid-nonce') {
        this.challenge(reply, false);
        return;
      }
      // The digest was right but its nonce-count was used before. SIP.js 0.21 does this with every
      // REGISTER after the first (refreshes and un-REGISTER too): it resends its last Authorization. The
      // sender has proved it knows the password, so this is not a failure: a fresh nonce with stale=true
      // ("the client may wish to simply retry the request with a new encrypted response, without
      // reprompting the user", RFC 2617 section 3.2.1) makes SIP.js answer it, and gives a replaying
      // attacker nothing.
      if (verdict.reason === 'replay') {
        this.challenge(reply, true);
        return;
      }
      this.fail(source, username, now);
      reply(403, 'Forbidden');
      return;
    }
    if (username !== aor) {
      this.stats.rejected++;
      reply(403, `Not Allowed To Register ${aor}`);
      return;
    }
    this.deps.sourceLockout.recordSuccess(source, now);
    this.deps.userLockout.recordSuccess(username, now);

    this.applyContacts(request, flow, aor, reply);
  }

  /** Steps 5-8: apply the Contact list and answer with the current bindings. */
  private applyContacts(
    request: SipRequest,
    flow: Flow,
    aor: string,
    reply: (status: number, reason?: string, headers?: [string, string][]) => void,
  ): void {
    const { options, location } = this.deps;
    const now = this.now();
    // The parser reads Contact and Expires only when asked: one that does not parse is the client's
    // mistake (400), not ours (the core would answer 500 to an exception).
    let contacts: readonly NameAddr[];
    let headerExpires: number | undefined;
    try {
      contacts = request.contacts;
      headerExpires = request.expires;
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      reply(400, error.reason.charAt(0).toUpperCase() + error.reason.slice(1));
      return;
    }
    const existing = location.lookup(aor);
    const callId = request.callId;
    const cseq = request.cseq.seq;

    // "*" means every binding, and only with Expires: 0 (step 6).
    if (request.isContactWildcard) {
      if (contacts.length > 0 || headerExpires !== 0) {
        reply(400, 'Wildcard Contact Needs Expires 0');
        return;
      }
      location.replace(aor, []);
      this.stats.registered++;
      reply(200, undefined, [['Date', new Date(now).toUTCString()]]);
      return;
    }

    let bindings = [...existing];
    for (const contact of contacts) {
      const requested = contactExpires(contact, headerExpires, options.defaultExpires);
      if (requested > 0 && requested < options.minExpires) {
        reply(423, 'Interval Too Brief', [['Min-Expires', String(options.minExpires)]]);
        return;
      }
      const expires = Math.min(requested, options.maxExpires);
      const uri = formatUri(contact.uri);
      const instanceId = paramText(contact, '+sip.instance');
      const regId = paramText(contact, 'reg-id');
      // RFC 5626 6: a binding is identified by instance and reg-id when present, else by its URI.
      const same = (binding: Binding) =>
        instanceId !== undefined && binding.instanceId !== undefined
          ? binding.instanceId === instanceId && binding.regId === regId
          : binding.contact === uri;
      const previous = bindings.find(same);
      // Step 7: "If the CSeq value is less than or equal to the current value for that binding, the
      // registrar MUST abort processing of the request and return 500".
      if (previous && previous.callId === callId && previous.cseq >= cseq) {
        reply(500, 'Stale CSeq');
        return;
      }
      bindings = bindings.filter((binding) => !same(binding));
      if (expires > 0) {
        bindings.push({
          aor,
          contact: uri,
          callId,
          cseq,
          expiresAt: now + expires * 1000,
          flow,
          instanceId,
          regId,
          userAgent: request.userAgent,
          registeredAt: now,
        });
      }
    }
    if (bindings.length > options.maxContactsPerAor) {
      bindings = bindings.sort((a, b) => b.registeredAt - a.registeredAt).slice(0, options.maxContactsPerAor);
    }
    location.replace(aor, bindings);
    this.stats.registered++;

    const current = location.lookup(aor);
    const headers: [string, string][] = current.map((binding) => [
      'Contact',
      `<${binding.contact}>;expires=${Math.max(0, Math.round((binding.expiresAt - now) / 1000))}`,
    ]);
    headers.push(['Date', new Date(now).toUTCString()]);
    // RFC 5626 6: a registrar that used outbound for this registration says so.
    if (request.supported.includes('outbound') && contacts.some((contact) => contact.params.has('reg-id'))) {
      headers.push(['Require', 'outbound']);
    }
    reply(200, undefined, headers);
  }

  private challenge(
    reply: (status: number, reason?: string, headers?: [string, string][]) => void,
    stale: boolean,
  ) {
    this.stats.challenged++;
    const nonce = this.nonces.issue(this.deps.options.realm);
    const challenges = buildChallenges({
      realm: this.deps.options.realm,
      nonce,
      stale,
      qop: 'auth',
      algorithms: withMd5AlsoLast(this.deps.options.digestAlgorithms),
    });
    reply(
      401,
      undefined,
      challenges.map((challenge) => ['WWW-Authenticate', challenge] as [string, string]),
    );
  }

  private fail(source: string, username: string | undefined, now: number): void {
    this.stats.rejected++;
    if (!this.deps.isTrusted(source)) this.deps.sourceLockout.recordFailure(source, now);
    if (username) this.deps.userLockout.recordFailure(username, now);
  }
}

/**
 * RFC 8760 has a UAS list its challenges most preferred first, and a UAC use the topmost one whose
 * algorithm it supports. SIP.js 0.21 does not: its parser keeps only the last WWW-Authenticate of a
 * response, and it does MD5 only (SIPp 3.6 takes the first, and also does MD5 only). So when MD5 is
 * offered but not last, it is offered once more at the end, where no client that follows the RFC looks.
 */
function withMd5AlsoLast(
  algorithms: RegistrarOptions['digestAlgorithms'],
): RegistrarOptions['digestAlgorithms'] {
  return algorithms.includes('MD5') && algorithms.at(-1) !== 'MD5' ? [...algorithms, 'MD5'] : algorithms;
}

/** A stable To tag per REGISTER transaction, so retransmitted answers match. */
function localTag(request: SipRequest): string {
  const branch = request.topVia.branch ?? request.callId;
  let hash = 0;
  for (let index = 0; index < branch.length; index++) hash = (hash * 31 + branch.charCodeAt(index)) | 0;
  return `r${(hash >>> 0).toString(36)}`;
}

function contactExpires(contact: NameAddr, headerExpires: number | undefined, fallback: number): number {
  const param = contact.params.get('expires');
  if (param !== undefined && param !== null && /^\d+$/.test(param)) return Number(param);
  return headerExpires ?? fallback;
}

function paramText(contact: NameAddr, name: string): string | undefined {
  const value = contact.params.get(name);
  return value === undefined || value === null ? undefined : unquote(value);
}
