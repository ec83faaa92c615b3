/**
 * The media plane's contract with the calls layer (and with its own instances): what an rtpengine
 * instance looks like to the plane, media sessions and legs, their states, events and errors.
 */
import type { TypedEmitter } from '../shared/typed-emitter.js';
import type { NgRequester } from './ng/ng-types.js';

export type MediaInstanceKind = 'embedded' | 'external';

export interface MediaInstanceEvents {
  /** The instance answers again and takes new sessions. */
  up: [];
  /** The instance stopped answering; no new sessions go to it. */
  down: [reason: string];
  /** Every session the instance held is gone (its rtpengine died or restarted). */
  sessionsLost: [reason: string];
  /** The embedded rtpengine was started again after an exit. */
  restarted: [];
}

/** One rtpengine the plane can place sessions on: the supervised local one, or an external one. */
export interface MediaInstance extends NgRequester {
  readonly id: string;
  readonly kind: MediaInstanceKind;
  /** Answering pings and taking new sessions. */
  readonly isHealthy: boolean;
  readonly events: TypedEmitter<MediaInstanceEvents>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One line for the health report, e.g. "ready, pid 1234, 2 restarts". */
  describe(): string;
}

/** Why a media session ended. */
export type MediaCloseReason =
  /** Closed by its owner (the call ended). */
  | 'closed'
  /** The rtpengine holding it died or restarted: its media is gone. */
  | 'media-plane-lost'
  /** The media plane is shutting down. */
  | 'media-plane-stopped';

/**
 *   Idle --offer--> Offered --answer--> Active --re-offer--> Active
 *    |                 |                   |
 *    +-----------------+-------------------+--close()--> Closed
 */
export enum MediaLegState {
  /** Created here; rtpengine has not heard of it yet. */
  Idle = 'idle',
  /** Its SDP was offered (or it was offered to), the answer is pending. */
  Offered = 'offered',
  /** An offer/answer completed: media flows through rtpengine. */
  Active = 'active',
  Closed = 'closed',
}

export interface MediaLegEvents {
  closed: [reason: MediaCloseReason];
}

export interface MediaSessionEvents {
  closed: [reason: MediaCloseReason];
}

export interface MediaPlaneEvents {
  /** A session ended without its owner closing it (rtpengine died). The call should end too. */
  sessionLost: [callId: string, reason: MediaCloseReason];
  instanceUp: [instanceId: string];
  instanceDown: [instanceId: string, reason: string];
}

/** No healthy rtpengine can take the session: the calls layer answers 503. */
export class MediaPlaneUnavailableError extends Error {
  override name = 'MediaPlaneUnavailableError';
}
