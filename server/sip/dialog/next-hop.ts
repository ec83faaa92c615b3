/**
 * Where a request goes next (RFC 3261 8.1.2 and 12.2.1.1, a small part of RFC 3263): the first
 * Route if there is one (loose routing), else the Request-URI; its `transport` parameter, port and
 * host. A connection-oriented flow the dialog already has is reused while it is open, which is the
 * only way back to a WebSocket client whose Contact host is `*.invalid` (RFC 7118, RFC 5626).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isSipUri, parseNameAddr, type SipUri, type Uri } from '../message/index.js';
import type { Destination } from '../transaction/transaction-types.js';
import type { Flow, TransportProtocol } from '../transport/transport-types.js';

export class UnreachableTargetError extends Error {
  override name = 'UnreachableTargetError';
}

const DEFAULT_PORT: Record<TransportProtocol, number> = { udp: 5060, tcp: 5060, tls: 5061, ws: 80, wss: 443 };

/** The URI a request is sent to: the first Route when it is a loose router, else the Request-URI. */
export function nextHopUri(requestUri: Uri, routes: readonly string[]): Uri {
  const first = routes[0];
  if (first === undefined) return requestUri;
  return parseNameAddr(first, 'Route').uri;
}

/** The transport a URI asks for (RFC 3263 4.1, without NAPTR/SRV): `transport=`, else TLS for sips. */
export function transportOf(uri: SipUri): TransportProtocol {
  const param = uri.params.get('transport')?.toLowerCase();
  if (param === 'udp' || param === 'tcp' || param === 'tls' || param === 'ws' || param === 'wss') {
    return uri.scheme === 'sips' && param === 'tcp' ? 'tls' : param;
  }
  return uri.scheme === 'sips' ? 'tls' : 'udp';
}

export interface NextHopOptions {
  /** A flow already bound to the peer (the one its INVITE or our earlier request used). */
  readonly flow?: Flow | null;
  /** Whether a flow is still open (the transport layer knows). */
  readonly isOpen: (flow: Flow) => boolean;
  /** Name resolution; `dns.lookup` by default. */
  readonly resolve?: (host: string) => Promise<string>;
}

async function resolveHost(host: string): Promise<string> {
  const { address } = await lookup(host, { family: 4 });
  return address;
}

/**
 * The destination for a request to `uri`. Reuses `flow` when it is connection-oriented and open,
 * or when it is a UDP flow to the very address the URI names; otherwise resolves the URI.
 */
export async function destinationFor(uri: Uri, options: NextHopOptions): Promise<Destination> {
  const flow = options.flow ?? null;
  if (flow?.reliable && options.isOpen(flow)) return { flow };
  if (!isSipUri(uri)) throw new UnreachableTargetError(`cannot route to a ${uri.scheme}: URI`);
  const protocol = transportOf(uri);
  const host = uri.host.replace(/^\[|\]$/g, '');
  if (host.toLowerCase().endsWith('.invalid') || protocol === 'ws' || protocol === 'wss') {
    // RFC 7118: a WebSocket client cannot be connected to; only its own connection leads back.
    throw new UnreachableTargetError(`${uri.host} is reachable only over its own connection, which is gone`);
  }
  const port = uri.port ?? DEFAULT_PORT[protocol];
  const address = isIP(host) ? host : await (options.resolve ?? resolveHost)(host);
  if (
    flow &&
    !flow.reliable &&
    protocol === 'udp' &&
    flow.remote.host === address &&
    flow.remote.port === port
  ) {
    return { flow };
  }
  return { protocol, remote: { host: address, port } };
}
