/**
 * Types of the registrar and location service (RFC 3261 section 10, RFC 5626 for flows).
 */
import type { Flow } from '../transport/transport-types.js';

/** Digest HA1 values of a user, supplied by the store through the composition root. */
export interface SipCredentialRecord {
  username: string;
  ha1Md5: string;
  ha1Sha256: string;
}

/** The registrar asks this for credentials; it never sees passwords. */
export interface CredentialLookup {
  find(username: string, realm: string): SipCredentialRecord | null;
}

export interface RegistrarOptions {
  realm: string;
  /** Domains whose AORs this registrar holds (RFC 3261 10.3 step 1). */
  domains: readonly string[];
  minExpires: number;
  maxExpires: number;
  defaultExpires: number;
  nonceLifetimeSeconds: number;
  maxContactsPerAor: number;
  /** Challenges offered, most preferred first. */
  digestAlgorithms: readonly ('MD5' | 'SHA-256')[];
}

/**
 * One registered contact. For clients on connection-oriented transports the binding keeps the
 * flow it was registered over (RFC 5626): requests to it go down that connection, whatever host its
 * Contact names (SIP.js uses `*.invalid`), and the binding goes when the connection closes.
 */
export interface Binding {
  /** The AOR's user part: agents are addressed by username in every served domain. */
  readonly aor: string;
  /** The Contact URI as registered. */
  readonly contact: string;
  readonly callId: string;
  readonly cseq: number;
  readonly expiresAt: number;
  /** The flow the REGISTER came in on. */
  readonly flow: Flow;
  /** RFC 5626 instance id (`+sip.instance`) and reg-id, when the client sent them. */
  readonly instanceId?: string;
  readonly regId?: string;
  readonly userAgent?: string;
  readonly registeredAt: number;
}

export interface LocationEvents {
  /** The AOR went from no bindings to at least one. */
  online: [aor: string];
  /** The AOR's last binding went (expired, unregistered, or its connection closed). */
  offline: [aor: string, reason: 'expired' | 'unregistered' | 'flow-closed'];
}
