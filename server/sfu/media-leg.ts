/**
 * One side of a media session: a caller, an agent, a trunk leg. In rtpengine it is a tag (the
 * ng `from-tag` / `to-tag`) of the session's call. Closing a leg removes only that side, unless
 * fewer than two sides would be left: rtpengine drops such a call itself, so the whole session
 * closes (add the new leg before closing the old one when transferring).
 */
import { InvalidStateError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { TypedEmitter } from '../shared/typed-emitter.js';
import { MediaLegState, type MediaCloseReason, type MediaLegEvents } from './media-plane-types.js';
import type { NgClient } from './ng/ng-client.js';
import type { NgPlayMediaRequest, NgSdpOptions, NgSdpResult } from './ng/ng-types.js';

/** What a leg needs from its session (implemented by MediaSession). */
export interface MediaLegOwner {
  readonly callId: string;
  readonly log: Logger;
  /** Runs an ng command for this session; `creates` marks commands that leave state in rtpengine. */
  run<T>(command: string, operation: (client: NgClient) => Promise<T>, creates?: boolean): Promise<T>;
  /** Open legs that rtpengine knows of (offered or active). */
  knownLegs(): readonly MediaLeg[];
  close(): Promise<void>;
  legClosed(leg: MediaLeg): void;
}

export interface MediaOfferOptions extends NgSdpOptions {
  /**
   * The leg the offer is for, named in every offer (initial, re-INVITE, or toward a new leg in a
   * transfer): rtpengine 10.5 gives a new side that was not named in the offer fresh ports at
   * answer time, so the SDP the offer returned would point nowhere.
   */
  to: MediaLeg;
}

export interface MediaAnswerOptions extends NgSdpOptions {
  /** The leg whose offer this answers. */
  to: MediaLeg;
}

const ALLOWED: Readonly<Record<MediaLegState, readonly MediaLegState[]>> = {
  [MediaLegState.Idle]: [MediaLegState.Offered, MediaLegState.Active, MediaLegState.Closed],
  [MediaLegState.Offered]: [MediaLegState.Active, MediaLegState.Closed],
  [MediaLegState.Active]: [MediaLegState.Closed],
  [MediaLegState.Closed]: [],
};

export class MediaLeg extends TypedEmitter<MediaLegEvents> {
  private currentState = MediaLegState.Idle;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly owner: MediaLegOwner,
    readonly tag: string,
    readonly label: string | null,
  ) {
    super(owner.log);
  }

  get state(): MediaLegState {
    return this.currentState;
  }

  get isClosed(): boolean {
    return this.currentState === MediaLegState.Closed;
  }

  /** This leg's SDP in, the SDP for `to` out (ng `offer`: this leg's tag is the from-tag, `to`'s the to-tag). */
  async offer(sdp: string, options: MediaOfferOptions): Promise<NgSdpResult> {
    const { to, ...sdpOptions } = options;
    this.assertOpen('offer');
    if (to.isClosed || to === this) throw new InvalidStateError(`cannot offer to leg ${to.tag}`);
    const result = await this.owner.run(
      'offer',
      (client) =>
        client.offer({ ...sdpOptions, callId: this.owner.callId, fromTag: this.tag, toTag: to.tag, sdp }),
      true,
    );
    for (const leg of [this, to]) {
      if (leg.state === MediaLegState.Idle) leg.transition(MediaLegState.Offered);
    }
    return result;
  }

  /** This leg's SDP answering `to`'s offer in, the SDP to send back to `to` out. */
  async answer(sdp: string, options: MediaAnswerOptions): Promise<NgSdpResult> {
    const { to: offerer, ...sdpOptions } = options;
    this.assertOpen('answer');
    if (offerer.isClosed) throw new InvalidStateError(`cannot answer closed leg ${offerer.tag}`);
    const result = await this.owner.run(
      'answer',
      (client) =>
        client.answer({
          ...sdpOptions,
          callId: this.owner.callId,
          fromTag: offerer.tag,
          toTag: this.tag,
          sdp,
        }),
      true,
    );
    for (const leg of [this, offerer]) {
      if (leg.state === MediaLegState.Idle || leg.state === MediaLegState.Offered) {
        leg.transition(MediaLegState.Active);
      }
    }
    return result;
  }

  /** Plays audio toward this leg (not toward a browser leg: see DESIGN.md). */
  playMedia(source: NgPlayMediaRequest['source'], options: { repeatTimes?: number } = {}) {
    return this.command('play media', (client, ref) => client.playMedia({ ...ref, ...options, source }));
  }

  stopMedia(): Promise<void> {
    return this.command('stop media', (client, ref) => client.stopMedia(ref));
  }

  /**
   * Sends an RFC 4733 event from this leg to the others, as if its user pressed the key (a SIP
   * INFO digit from an agent, forwarded to a trunk). Needs the `inject-DTMF` flag in this
   * session's offers and answers, and media already received from this leg.
   */
  playDtmf(code: string, options: { durationMs?: number; volume?: number } = {}): Promise<void> {
    return this.command('play DTMF', (client, ref) => client.playDtmf({ ...ref, ...options, code }));
  }

  /** Stops DTMF coming from this leg from reaching the others (card numbers, PCI DSS). */
  blockDtmf(): Promise<void> {
    return this.command('block DTMF', (client, ref) => client.blockDtmf(ref));
  }

  unblockDtmf(): Promise<void> {
    return this.command('unblock DTMF', (client, ref) => client.unblockDtmf(ref));
  }

  /** Mutes this leg toward the others without renegotiating. */
  blockMedia(): Promise<void> {
    return this.command('block media', (client, ref) => client.blockMedia(ref));
  }

  unblockMedia(): Promise<void> {
    return this.command('unblock media', (client, ref) => client.unblockMedia(ref));
  }

  /** Removes this side from rtpengine (or the whole session, when it was one of the last two). Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    if (this.isClosed) return Promise.resolve();
    const remaining = this.owner.knownLegs().filter((leg) => leg !== this);
    if (this.currentState !== MediaLegState.Idle && remaining.length < 2) {
      this.closing = this.owner.close();
      return this.closing;
    }
    const wasKnown = this.currentState !== MediaLegState.Idle;
    this.closing = wasKnown ? this.deleteRemote() : Promise.resolve();
    this.finish('closed');
    return this.closing;
  }

  /** The session closed: this leg is gone with it (no ng traffic of its own). */
  sessionClosed(reason: MediaCloseReason): void {
    if (!this.isClosed) this.finish(reason);
  }

  private async deleteRemote(): Promise<void> {
    try {
      await this.owner.run('delete', (client) =>
        client.delete({ callId: this.owner.callId, fromTag: this.tag }),
      );
    } catch (error) {
      this.owner.log.warn({ err: error, legTag: this.tag }, 'could not remove a media leg from rtpengine');
    }
  }

  private finish(reason: MediaCloseReason): void {
    this.transition(MediaLegState.Closed);
    this.owner.legClosed(this);
    this.emit('closed', reason);
  }

  private async command<T>(
    command: string,
    operation: (client: NgClient, ref: { callId: string; fromTag: string }) => Promise<T>,
  ): Promise<T> {
    this.assertOpen(command);
    return this.owner.run(command, (client) =>
      operation(client, { callId: this.owner.callId, fromTag: this.tag }),
    );
  }

  private assertOpen(command: string): void {
    if (this.isClosed) throw new InvalidStateError(`media leg ${this.tag} is closed; cannot ${command}`);
  }

  private transition(next: MediaLegState): void {
    const previous = this.currentState;
    if (previous === next) return;
    if (!ALLOWED[previous].includes(next)) {
      throw new InvalidStateError(`media leg ${this.tag}: ${previous} -> ${next} is not allowed`);
    }
    this.currentState = next;
    this.owner.log.trace({ legTag: this.tag, from: previous, to: next }, 'media leg state');
  }
}
