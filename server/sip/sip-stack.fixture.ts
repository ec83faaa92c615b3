/**
 * A real SIP stack for tests: UDP and TCP listeners on free loopback ports, fast RFC 3261 timers
 * (T1 20 ms, so Timer B fires after 1.28 s) and a credential table in memory.
 *
 *   const stack = await startTestStack();
 *   ...
 *   await stack.stop();
 */
import { createRootLogger } from '../shared/logger.js';
import { SipStack } from './sip-stack.js';
import type { SipCredentialRecord } from './registrar/registrar-types.js';
import type { TimerValues } from './transaction/transaction-types.js';
import type { ListenerOptions, TransportProtocol } from './transport/transport-types.js';

export const FAST_TIMERS: TimerValues = { T1: 20, T2: 160, T4: 200 };

export interface TestStackOptions {
  readonly protocols?: readonly TransportProtocol[];
  readonly timers?: TimerValues;
  readonly credentials?: Readonly<Record<string, SipCredentialRecord>>;
  readonly trustedSources?: readonly string[];
  readonly tls?: { cert: Buffer; key: Buffer };
  readonly logLevel?: 'silent' | 'debug' | 'trace' | 'info';
  /** Listen here (any loopback address, e.g. 127.0.0.2 to be "another host"); default 127.0.0.1. */
  readonly host?: string;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<SipStack> {
  const listeners: ListenerOptions[] = (options.protocols ?? ['udp', 'tcp']).map((protocol) => ({
    protocol,
    host: options.host ?? '127.0.0.1',
    port: 0,
    ...(protocol === 'tls' || protocol === 'wss' ? { tls: options.tls } : {}),
  }));
  const credentials = options.credentials ?? {};
  const stack = new SipStack({
    listeners,
    limits: {
      maxMessageBytes: 65_536,
      maxConnections: 1_000,
      maxConnectionsPerSource: 100,
      idleTimeoutMs: 60_000,
    },
    registrar: {
      realm: 'tandem',
      domains: ['tandem.local', '127.0.0.1', 'localhost'],
      minExpires: 60,
      maxExpires: 3_600,
      defaultExpires: 600,
      nonceLifetimeSeconds: 300,
      maxContactsPerAor: 10,
      digestAlgorithms: ['MD5', 'SHA-256'],
    },
    protection: {
      requestsPerSecond: 1_000,
      burst: 1_000,
      maxAuthFailures: 10,
      authFailureWindowSeconds: 60,
      lockoutSeconds: 60,
      trustedSources: options.trustedSources ?? ['127.0.0.1'],
      blockedUserAgents: ['friendly-scanner'],
    },
    credentials: { find: (username) => credentials[username] ?? null },
    serverHeader: 'Tandem/test',
    logger: createRootLogger({ level: options.logLevel ?? 'silent' }),
    timers: options.timers ?? FAST_TIMERS,
  });
  await stack.start();
  return stack;
}

/** The port a started stack listens on for a protocol. */
export function portOf(stack: SipStack, protocol: TransportProtocol): number {
  const local = stack.transports.localEndpoint(protocol);
  if (!local) throw new Error(`the stack has no ${protocol} listener`);
  return local.port;
}
