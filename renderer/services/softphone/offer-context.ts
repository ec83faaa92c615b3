/**
 * Reads what Tandem puts on an agent's INVITE about a queue caller (server/calls/offer-context.ts):
 * `X-Tandem-Queue` (percent-encoded name), `X-Tandem-Waited` (whole seconds), `X-Tandem-Ivr` (comma-separated,
 * each percent-encoded `step=key`). A header that is missing or unreadable is left out, never guessed.
 */
import type { OfferContext } from '../../store/calls/initial-state.js';

/** Decodes one percent-encoded value; null when it is not valid (a malformed `%`). */
function decoded(value: string): string | null {
  try {
    const text = decodeURIComponent(value).trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

/** The offer's context, or null when the INVITE says nothing about a queue. */
export function offerContextOf(header: (name: string) => string | undefined): OfferContext | null {
  const queueHeader = header('X-Tandem-Queue');
  if (queueHeader === undefined) return null;
  const waited = header('X-Tandem-Waited')?.trim();
  const ivr = header('X-Tandem-Ivr');
  return {
    queue: decoded(queueHeader),
    waitedSeconds: waited !== undefined && /^\d{1,9}$/.test(waited) ? Number(waited) : null,
    ivrChoices:
      ivr === undefined
        ? []
        : ivr.split(',').flatMap((part) => {
            const choice = decoded(part);
            return choice === null ? [] : [choice];
          }),
  };
}
