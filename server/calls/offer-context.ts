/**
 * What the agent's desk shows about a queue caller before answering: the queue, how long the caller has
 * waited in it, and what they chose in the IVR. It travels on the INVITE to the agent as extension headers
 * next to `X-Tandem-Call-Id`:
 *
 *   X-Tandem-Queue: sales                  the queue's name, percent-encoded (RFC 3986) like a URI component
 *   X-Tandem-Waited: 42                    whole seconds since the caller joined the queue, when the INVITE left
 *   X-Tandem-Ivr: main-menu%3D1            the IVR menu choices in order, `step=key`, comma-separated, each encoded
 *
 * Percent-encoding keeps any queue name or step id a legal header value (no CR, LF or commas of its own).
 */

export interface OfferContext {
  /** The queue's name as configured. */
  readonly queue: string;
  /** Epoch ms the caller joined the queue. */
  readonly queuedAt: number;
  /** `step=key` for every menu choice the caller made, in order; empty without an IVR. */
  readonly ivrChoices: readonly string[];
}

/** The menu choices of an IVR journal (`chose` entries with their key), as `step=key`. */
export function ivrChoicesOf(
  journal: readonly { readonly stepId: string; readonly outcome: string; readonly choice?: string }[],
): string[] {
  return journal
    .filter((entry) => entry.outcome === 'chose' && entry.choice !== undefined)
    .map((entry) => `${entry.stepId}=${entry.choice}`);
}

/** The headers for an agent's INVITE; `now` is when it leaves. */
export function offerContextHeaders(context: OfferContext, now: number): [string, string][] {
  const waited = Math.max(0, Math.floor((now - context.queuedAt) / 1000));
  const headers: [string, string][] = [
    ['X-Tandem-Queue', encodeURIComponent(context.queue)],
    ['X-Tandem-Waited', String(waited)],
  ];
  if (context.ivrChoices.length > 0)
    headers.push(['X-Tandem-Ivr', context.ivrChoices.map((choice) => encodeURIComponent(choice)).join(',')]);
  return headers;
}
