/**
 * DTMF that a SIP client sends in INFO requests, relayed as RFC 4733 events in the media toward the
 * other party (a trunk, an IVR) by rtpengine's `play DTMF`.
 *
 * INFO DTMF is the legacy usage of RFC 6086 section 2 ("Companies have been using INFO messages in
 * order to transport Dual-Tone Multi-Frequency (DTMF) tones"), with one of two bodies:
 *   application/dtmf-relay   `Signal=5\r\nDuration=160` (phones, SIP.js SessionManager.sendDTMF)
 *   application/dtmf         a bare digit, `5`
 *
 * Which tag injects: rtpengine puts the event into the outgoing stream of the ng from-tag, "the one
 * generating the DTMF event, not the one receiving it". So the event is played on the leg whose
 * dialog sent the INFO (the agent pressed the key) and the other leg (the trunk) receives it.
 *
 * rtpengine 10.5 as seen on this machine (dtmf-relay.test.ts):
 * - `play DTMF` needs the `inject-DTMF` flag in the session's offer and answer. Without it
 *   rtpengine answers "ok" and nothing reaches the other side, so the flag belongs in the media
 *   profiles of every call that may carry INFO DTMF; the relay cannot tell;
 * - it needs media already received from the pressing leg ("No SSRC context present for DTMF
 *   injection" otherwise: a 500 here);
 * - the events ride on the pressing leg's packets, with its SSRC: while that leg sends nothing they
 *   wait, and while its media is blocked (music on hold) they are blocked with it;
 * - without `volume` the events say 63 (-63 dBm0, inaudible where a gateway regenerates tones), not
 *   the documented 8: a volume is always sent;
 * - durations are clamped to 100..5000 ms; an event lasts about 20 ms longer than asked and its
 *   end packet is sent three times; consecutive `play DTMF` requests queue up in order.
 * - once the pressing leg has sent RFC 4733 events itself (a browser's RTCDTMFSender), a played
 *   event starts in the past by the total length of those events: rtpengine moves the outgoing
 *   timestamps past each forwarded event, but takes the start of a played one from the encoder's
 *   sample count, which does not move. An event no longer than that lag is dropped whole (still
 *   "ok"), a longer one arrives cut short. Not fixable from the ng options of this version
 *   (dtmf-after-rfc4733.test.ts shows it; re-offers, `DTMF-delay` and `delay-buffer` do not help).
 *
 * Digits are never logged: callers key in card numbers (PCI DSS).
 */
import { InvalidStateError, SipError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { MediaPlaneUnavailableError } from '../sfu/media-plane-types.js';
import { isNgUnavailable, NgCommandError } from '../sfu/ng/ng-errors.js';
import type { SipRequest } from '../sip/message/message.js';
import { SipParseError } from '../sip/message/sip-parse-error.js';

/** RFC 4733 section 3.2, events 0-15: "0"-"9", "*", "#", "A"-"D". */
export type DtmfDigit =
  '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export interface InfoDtmf {
  readonly digit: DtmfDigit;
  readonly durationMs: number;
}

/** The bodies we relay, in the order an Accept header lists them. */
export const DTMF_INFO_CONTENT_TYPES = ['application/dtmf-relay', 'application/dtmf'] as const;

/** rtpengine's own default, for a body that does not say how long the key was pressed. */
export const DEFAULT_DTMF_DURATION_MS = 250;
/**
 * draft-kaplan-dispatch-info-dtmf-package section 5.3: "if the user has still not released a button
 * after 5 seconds, which is the maximum duration supported by this mechanism, the UA should
 * generate the INFO at that time". rtpengine plays at least 100 ms.
 */
export const MAX_DTMF_DURATION_MS = 5000;
const MIN_PLAYED_DURATION_MS = 100;
/** A DTMF body is a line or two; anything longer is not one. */
const MAX_BODY_BYTES = 256;

const DIGIT = /^[0-9*#A-D]$/i;
const PARAMETER_LINE = /^([A-Za-z][A-Za-z0-9-]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;
const DURATION = /^[0-9]{1,5}$/;

/**
 * The digit an INFO request carries; null for an INFO without a body (a keep-alive, answered 200).
 * Throws SipError: 400 for a body that is not a DTMF body of its type, 415 for another body type,
 * 469 for an Info Package (RFC 6086) since we never offer one.
 */
export function parseInfoDtmf(request: SipRequest): InfoDtmf | null {
  // RFC 6086 4.2.2: "If a UA receives an INFO request associated with an Info Package that the UA
  // has not indicated willingness to receive, the UA MUST send a 469 (Bad Info Package) response
  // (see Section 11.6), which contains a Recv-Info header field with Info Packages for which the UA
  // is willing to receive INFO requests." We offer none (we never send Recv-Info).
  if (request.headers.has('info-package')) throw new SipError(469, 'Bad Info Package');
  if (request.body.length === 0) return null;
  if (request.body.length > MAX_BODY_BYTES) throw new SipError(400, 'DTMF Body Too Long');
  let mediaType: string | undefined;
  try {
    mediaType = request.contentType?.mediaType;
  } catch (error) {
    if (error instanceof SipParseError) throw new SipError(400, 'Malformed Content-Type');
    throw error;
  }
  // RFC 3261 20.15: "The Content-Type header field MUST be present if the body is not empty."
  if (mediaType === undefined) throw new SipError(400, 'Missing Content-Type');
  if (mediaType === 'application/dtmf-relay') return parseDtmfRelay(request.bodyText);
  if (mediaType === 'application/dtmf') return parseBareDigit(request.bodyText);
  throw new SipError(415, 'Unsupported Media Type');
}

/** `Signal=<digit>` once, `Duration=<ms>` at most once, one per line; other parameters are ignored. */
function parseDtmfRelay(body: string): InfoDtmf {
  const values = new Map<string, string>();
  for (const line of body.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const match = PARAMETER_LINE.exec(line);
    if (!match) throw new SipError(400, 'Malformed DTMF Body');
    const name = match[1]!.toLowerCase();
    if (values.has(name)) throw new SipError(400, 'Malformed DTMF Body');
    values.set(name, match[2]!);
  }
  const signal = values.get('signal');
  if (signal === undefined) throw new SipError(400, 'Missing DTMF Signal');
  const duration = values.get('duration');
  return {
    digit: digitOf(signal),
    durationMs: duration === undefined ? DEFAULT_DTMF_DURATION_MS : ms(duration),
  };
}

function parseBareDigit(body: string): InfoDtmf {
  return { digit: digitOf(body.trim()), durationMs: DEFAULT_DTMF_DURATION_MS };
}

function digitOf(text: string): DtmfDigit {
  if (!DIGIT.test(text)) throw new SipError(400, 'Bad DTMF Signal');
  return text.toUpperCase() as DtmfDigit;
}

function ms(text: string): number {
  const value = DURATION.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= MAX_DTMF_DURATION_MS)) throw new SipError(400, 'Bad DTMF Duration');
  return value;
}

/** What the relay needs of a media leg (MediaLeg has it). */
export interface DtmfLeg {
  readonly tag: string;
  readonly isClosed: boolean;
  playDtmf(code: string, options: { durationMs?: number; volume?: number }): Promise<void>;
}

/** The final response to send for the INFO. */
export interface InfoDtmfResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface DtmfRelayOptions {
  readonly logger: Logger;
  /** RFC 4733 volume in -dBm0 (0 loudest, 63 quietest); 10 unless told. */
  readonly volume?: number;
}

const DEFAULT_VOLUME = 10;

/**
 * One per call: relays each INFO digit in the order the INFOs arrived (a digit waits for the ng
 * request of the one before it, so a retried request cannot swap two digits).
 */
export class DtmfRelay {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DtmfRelayOptions) {}

  /**
   * `from` is the leg whose dialog sent the INFO (its user pressed the key): the event is injected
   * into its stream. `to` is the leg that must hear it. Resolves with the response for the INFO;
   * rejects only with a TypeError when both are the same leg (a wiring mistake).
   */
  async relayInfo(request: SipRequest, from: DtmfLeg, to: DtmfLeg): Promise<InfoDtmfResponse> {
    if (from === to) throw new TypeError(`DTMF from leg ${from.tag} cannot be relayed to itself`);
    const log = this.options.logger;
    let dtmf: InfoDtmf | null;
    try {
      dtmf = parseInfoDtmf(request);
    } catch (error) {
      if (!(error instanceof SipError)) return failure(error);
      log.info(
        {
          status: error.status,
          contentType: request.headers.get('content-type'),
          bytes: request.body.length,
        },
        `INFO DTMF refused: ${error.reason}`,
      );
      return refusal(error);
    }
    if (!dtmf) return { status: 200, reason: 'OK' };
    if (from.isClosed || to.isClosed) return { status: 481, reason: 'Call Does Not Exist' };
    const { digit, durationMs } = dtmf;
    const played = this.queue.then(() =>
      from.playDtmf(digit, {
        durationMs: Math.max(durationMs, MIN_PLAYED_DURATION_MS),
        volume: this.options.volume ?? DEFAULT_VOLUME,
      }),
    );
    this.queue = played.catch(() => {});
    try {
      await played;
      log.debug({ fromLeg: from.tag, toLeg: to.tag, durationMs }, 'INFO DTMF relayed as RFC 4733');
      return { status: 200, reason: 'OK' };
    } catch (error) {
      log.warn({ err: error, fromLeg: from.tag, toLeg: to.tag }, 'INFO DTMF not relayed');
      return failure(error);
    }
  }
}

function refusal(error: SipError): InfoDtmfResponse {
  const { status, reason } = error;
  // RFC 3261 21.4.13: "The server MUST return a list of acceptable formats using the Accept,
  // Accept-Encoding, or Accept-Language header field, depending on the specific problem".
  if (status === 415) return { status, reason, headers: { Accept: DTMF_INFO_CONTENT_TYPES.join(', ') } };
  // RFC 6086 4.2.2 (above): a Recv-Info listing the packages we receive, none.
  if (status === 469) return { status, reason, headers: { 'Recv-Info': '' } };
  return { status, reason };
}

function failure(error: unknown): InfoDtmfResponse {
  if (error instanceof InvalidStateError) return { status: 481, reason: 'Call Does Not Exist' };
  if (isNgUnavailable(error) || error instanceof MediaPlaneUnavailableError) {
    return { status: 503, reason: 'Media Plane Unavailable' };
  }
  if (error instanceof NgCommandError) return { status: 500, reason: 'DTMF Not Relayed' };
  return { status: 500, reason: 'Server Internal Error' };
}
