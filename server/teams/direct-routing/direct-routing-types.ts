/**
 * The contract of the Teams Direct Routing trunk (Tandem as the SBC): proxy health, its read API,
 * and the trunk's tenants. The transport glue (server/trunks) implements it; the admin API and the
 * calls layer read it through this file only.
 */

/**
 * Health of one Microsoft SIP proxy, as seen through our OPTIONS keep-alive.
 *
 * ```
 *            2xx                         no 2xx (1st)
 *   Unknown ─────► Active ◄──────┐ Active ─────────────► Warning
 *      │             ▲   ▲       │                         │  │
 *      │ no 2xx      │   │ 2xx   │ 2xx                     │  │ no 2xx, failures
 *      ▼             │   │       │                         │  │ reach downAfterFailures
 *   Warning ─────────┘   └──── Down ◄──────────────────────┘◄─┘
 * ```
 * "No 2xx" is a timeout, a transport or TLS failure, or a non-2xx final answer (a 503 proxy is not
 * one to send calls to). One 2xx brings a proxy back to Active from anywhere.
 */
export enum ProxyHealth {
  /** No probe has completed yet. */
  Unknown = 'unknown',
  /** The last probe was answered. */
  Active = 'active',
  /** Some probes in a row went unanswered, fewer than `downAfterFailures`. */
  Warning = 'warning',
  /** `downAfterFailures` probes in a row went unanswered: no new calls go there. */
  Down = 'down',
}

/** A Microsoft proxy by name (never an IP: DESIGN.md), with its port. */
export interface ProxyAddress {
  readonly name: string;
  readonly port: number;
}

/** What the admin API shows for one proxy of one tenant's trunk. */
export interface ProxyStatus {
  readonly tenant: string;
  readonly proxy: string;
  readonly health: ProxyHealth;
  readonly consecutiveFailures: number;
  /** Epoch milliseconds of the last answered probe, null when none was. */
  readonly lastAnsweredAt: number | null;
  /** Status code of the last answer, null when none was. */
  readonly lastStatus: number | null;
  /** Round-trip of the last answered probe, in milliseconds. */
  readonly lastRoundTripMs: number | null;
}

/** The small read API of the trunk (admin API, /metrics). */
export interface DirectRoutingStatusSource {
  proxyStatuses(): ProxyStatus[];
}

/** One customer tenant served by this Tandem: its SBC FQDN and certificate. */
export interface SbcTenant {
  /** The SBC FQDN paired in that tenant's Teams admin center; also what Contact carries. */
  readonly fqdn: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** What one OPTIONS probe came back with. */
export type ProbeOutcome =
  | { readonly answered: true; readonly status: number; readonly roundTripMs: number }
  | { readonly answered: false; readonly reason: string };
