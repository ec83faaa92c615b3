/**
 * One call through the B2BUA: the caller's leg (an incoming INVITE), the callee's leg (an INVITE we
 * place to an agent's registration) and one rtpengine session bridging their media. It hunts
 * through its candidates one at a time, relays hold/resume (re-INVITEs) through rtpengine, and
 * ends both legs and the media session together, whoever hangs up. See call-types.ts for states.
 */
import type { Logger } from '../shared/logger.js';
import { TypedEmitter } from '../shared/typed-emitter.js';
import type { MediaLeg } from '../sfu/media-leg.js';
import type { MediaSession } from '../sfu/media-session.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { MessageContent } from '../sip/dialog/dialog-types.js';
import {
  dialogKey,
  type DialogEndReason,
  type DialogId,
  type InviteRequest,
} from '../sip/dialog/dialog-types.js';
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import type { CallRecordWriter } from './call-record-writer.js';
import { CallState, type CallEndReason, type CallEvent, type HangupBy } from './call-types.js';
import { failureStatus, mediaFailure } from './call-failures.js';
import { answerToward, legMediaOf, type LegMedia } from './media-profiles.js';
import { answerWithEndpoint, moveCallerToAgent, type EarlyAnswer } from './early-answer.js';
import { CallConference, type JoinMode } from './third-party.js';
import { answerFor } from './video-media.js';
import type { CallTarget } from './callee-placer.js';
import type { CalleeFinder, CallRinger } from './callee-finder.js';
import { RingAttempt, type RingOutcome } from './ring-attempt.js';
import { blindTransfer, referTarget, transferCaller, type TransferHost } from './blind-transfer.js';
import { DtmfRelay } from './dtmf-relay.js';
import { MusicOnHold, type HoldMusicSource } from './music-on-hold.js';
import { relayReinvite } from './reinvite-relay.js';
import type { MediaPlane } from '../sfu/media-plane.js';
import type { SipRequest } from '../sip/message/index.js';
import type { ServerTransaction } from '../sip/transaction/server-transactions.js';
import type { CallRecording } from './call-recording.js';
import { completeAttendedTransfer, replacesOf } from './attended-transfer.js';
import type {
  CallByDialog,
  CallParty,
  MovingCaller,
  PartySide,
  ReplaceableCall,
} from './attended-transfer-types.js';

export interface BridgedCallDeps {
  readonly record: CallRecordWriter;
  readonly logger: Logger;
  /** The call a REFER's Replaces names, for attended transfer; absent: such a REFER gets 501. */
  readonly findCallByDialog?: CallByDialog;
  /** Where a REFER from the agent's side sends the caller (agent, queue, number); absent: 501. */
  readonly resolveTransfer?: (dialled: string) => Promise<CallTarget | null>;
  /** The media plane, for conferences (a third party called in gets a session of its own toward the mixer). */
  readonly mediaPlane?: MediaPlane;
  /** What the caller hears while the agent holds; none without it. */
  readonly holdMusic?: HoldMusicSource;
  /** Time from the caller's INVITE to the first INVITE toward an agent, for `tandem_calls_setup_seconds`. */
  readonly onSetup?: (seconds: number) => void;
  /** Whether and how this call is recorded once answered (by trunk or queue configuration). */
  readonly recording?: (session: MediaSession, caller: MediaLeg) => CallRecording;
}

interface Side {
  readonly leg: MediaLeg;
  readonly media: LegMedia;
  dialog: Dialog | null;
}

export class BridgedCall
  extends TypedEmitter<{ event: [CallEvent]; ended: [CallEndReason] }>
  implements ReplaceableCall
{
  private currentState = CallState.Routing;
  private caller!: Side;
  private callee: (Side & { agentId: string | null }) | null = null;
  /** Callees being rung now (one in a hunt, several when routing rings more than one agent). */
  private readonly attempts = new Set<RingAttempt>();
  /** An endpoint of ours (the IVR) the caller was answered with before any agent: leg and its answer. */
  private early: EarlyAnswer | null = null;
  private recording: CallRecording | null = null;
  private callerSdp = '';
  private readonly conference = new CallConference();
  private readonly dtmf: DtmfRelay;
  /** The caller's hold music while the agent holds (SIP/RTP callers only). */
  private music: MusicOnHold | null = null;
  private transferring = false;
  /** During an attended transfer: the agent's side, whose hang-up does not end the call. */
  private transferor: PartySide | null = null;
  /** The caller's INVITE, for its identity; another call's after an attended transfer brought its caller. */
  private callerRequest: SipRequest | null = null;
  private readonly receivedAt = process.hrtime.bigint();
  private setupReported = false;

  constructor(
    readonly id: string,
    private readonly deps: BridgedCallDeps,
    private readonly invite: IncomingInvite,
    private readonly session: MediaSession,
    private readonly finder: CalleeFinder,
    /** The agent who placed the call (outbound and internal calls), busy while it lasts. */
    private callerAgent: string | null = null,
  ) {
    super(deps.logger);
    this.dtmf = new DtmfRelay({ logger: deps.logger });
  }

  get state(): CallState {
    return this.currentState;
  }

  /** A method, not a field test, so that TypeScript does not narrow it across awaits. */
  private get ended(): boolean {
    return this.currentState === CallState.Ended;
  }

  /** The agent who placed the call; null once an attended transfer put a customer in her place. */
  get callerAgentId(): string | null {
    return this.callerAgent;
  }

  get mediaSession(): MediaSession {
    return this.session;
  }

  /** The agent the call is connected to, else the first one it rings. */
  get agentId(): string | null {
    return this.callee ? this.callee.agentId : (this.agentIds[0] ?? null);
  }

  /** The agents the call concerns on the callee's side: the one connected, or those ringing. */
  get agentIds(): string[] {
    if (this.callee) return this.callee.agentId ? [this.callee.agentId] : [];
    const ids: string[] = [];
    for (const attempt of this.attempts) if (attempt.agentId) ids.push(attempt.agentId);
    return ids;
  }

  start(): void {
    this.callerSdp = this.invite.request.bodyText;
    this.caller = {
      leg: this.session.addLeg({ label: 'caller' }),
      media: legMediaOf(this.invite.flow, this.invite.request.bodyText),
      dialog: null,
    };
    this.invite.delegate.onCancel = () => this.end('caller-cancelled', 'caller');
    this.finder.start(this.ringer());
  }

  /** Ends the call from outside (shutdown, media plane lost): both legs get a BYE or a final answer. */
  hangup(reason: CallEndReason, by: HangupBy = 'system'): void {
    this.end(reason, by);
  }

  /** An agent placing the call learns its id (`X-Tandem-Call-Id`) for the call actions; trunks do not. */
  private towardCallerAgent(): MessageContent {
    return this.callerAgentId ? { headers: [['X-Tandem-Call-Id', this.id]] } : {};
  }

  /** What the finder (a hunt, or the routing engine) may do with this call. */
  private ringer(): CallRinger {
    return {
      ring: (target) => this.ring(target),
      connect: (attempt, answer) => this.connect(attempt, answer),
      giveUp: (status, reason) => this.refuse(status, reason),
      waiting: () => {
        if (!this.ended && !this.early) this.invite.progress(180, this.towardCallerAgent());
      },
      answerWithEndpoint: (endpointSdp) => this.answerWithEndpoint(endpointSdp),
    };
  }

  /** The IVR answers the caller before any agent (early-answer.ts); returns the SDP it sends to. */
  private async answerWithEndpoint(endpointSdp: string): Promise<string> {
    if (this.ended || this.early || this.callee) throw new Error('the caller cannot be answered now');
    const early = await answerWithEndpoint(
      {
        session: this.session,
        caller: this.caller,
        callerSdp: this.callerSdp,
        invite: this.invite,
        isEnded: () => this.ended,
      },
      endpointSdp,
    );
    this.caller.dialog = early.dialog;
    this.early = early;
    this.watch(early.dialog, 'caller');
    this.deps.record.event('answered-by-ivr');
    return early.towardEndpoint;
  }

  private ring(target: CallTarget): RingAttempt {
    const attempt = new RingAttempt(target, {
      callId: this.id,
      session: this.session,
      callerLeg: this.caller.leg,
      callerSdp: this.invite.request.bodyText,
      callerRequest: this.invite.request,
      logger: this.deps.logger,
    });
    this.attempts.add(attempt);
    attempt.onAlerting = () => {
      if (!this.ended && !this.callee) this.invite.progress(180, this.towardCallerAgent());
    };
    attempt.onPlaced = () => {
      if (this.setupReported) return;
      this.setupReported = true;
      this.deps.onSetup?.(Number(process.hrtime.bigint() - this.receivedAt) / 1e9);
    };
    if (this.currentState === CallState.Routing) this.currentState = CallState.Ringing;
    this.deps.record.event('offered', { target: target.label, agentId: target.agentId });
    this.emit('event', { type: 'ringing', callId: this.id, target: target.label, agentId: target.agentId });
    void attempt.outcome.then((outcome) => {
      this.attempts.delete(attempt);
      if (outcome.kind === 'refused') {
        this.deps.record.event('offer-failed', { target: target.label, status: outcome.status });
      } else if (outcome.kind === 'cancelled' && !this.ended && !this.callee) {
        this.deps.record.event('offer-failed', { target: target.label, status: 487 });
      }
    });
    return attempt;
  }

  private async connect(
    attempt: RingAttempt,
    { dialog: calleeDialog, answerSdp }: Extract<RingOutcome, { kind: 'answered' }>,
  ): Promise<boolean> {
    if (this.ended || this.callee) {
      void calleeDialog.bye();
      return false;
    }
    const callee = { leg: attempt.leg, media: attempt.media, dialog: calleeDialog, agentId: attempt.agentId };
    this.callee = callee;
    this.finder.stop();
    for (const other of this.attempts) if (other !== attempt) other.cancel();
    let answer: string;
    try {
      const answered = await callee.leg.answer(answerSdp, {
        to: this.caller.leg,
        ...answerToward(this.caller.media, answerSdp),
      });
      // What ring-attempt.ts cut from the offer (video toward a trunk) goes back refused.
      answer = answerFor(callee.media, this.invite.request.bodyText, answered.sdp);
    } catch (error) {
      const failure = mediaFailure(error);
      this.deps.logger.warn({ err: error, callId: this.id }, 'media answer failed');
      void calleeDialog.bye();
      this.refuse(failure.status, failure.reason);
      return false;
    }
    if (this.ended) {
      void calleeDialog.bye();
      return false;
    }
    const callerDialog = this.early
      ? await this.reconnectCaller(answer)
      : this.invite.accept({ body: answer, ...this.towardCallerAgent() });
    if (!callerDialog) {
      void calleeDialog.bye();
      this.end('failed', 'system');
      return false;
    }
    this.caller.dialog = callerDialog;
    this.currentState = CallState.Answered;
    this.deps.record.update({
      answeredAt: new Date().toISOString(),
      agentId: callee.agentId ?? this.callerAgentId ?? undefined,
    });
    this.deps.record.event('answered', { agentId: callee.agentId });
    this.emit('event', { type: 'answered', callId: this.id, agentId: callee.agentId });
    this.watch(callerDialog, 'caller');
    this.watch(calleeDialog, 'callee');
    this.music = this.holdMusicFor(callee.leg);
    this.recording = this.deps.recording?.(this.session, this.caller.leg) ?? null;
    void this.recording?.start();
    return true;
  }

  get isRecorded(): boolean {
    return this.recording !== null;
  }

  /** Pauses the recording (a card number is being read out) or resumes it. */
  async setRecordingPaused(paused: boolean): Promise<void> {
    if (!this.ended) await this.recording?.setPaused(paused);
  }

  private watch(dialog: Dialog, side: 'caller' | 'callee'): void {
    dialog.delegate = {
      onTerminated: (reason) => this.dialogEnded(side, reason),
      onReinvite: (reinvite) => void this.relayReinvite(side, reinvite),
      onRequest: (request, transaction) => {
        if (request.method === 'REFER' && this.deps.findCallByDialog && replacesOf(request) !== undefined) {
          const deps = { findCall: this.deps.findCallByDialog, logger: this.deps.logger };
          void completeAttendedTransfer(deps, { call: this, side, dialog }, request, transaction);
          return;
        }
        if (request.method === 'REFER' && side === 'callee' && this.deps.resolveTransfer) {
          void this.transfer(request, transaction, dialog);
          return;
        }
        if (request.method === 'INFO') this.relayInfo(side, request, transaction);
        else transaction.respond(501);
      },
    };
  }

  /**
   * Adds a third party (an agent by extension or name, one of our numbers, or a number) to the answered
   * call: caller and agent are moved onto the mixer, then the third party is called in. Returns the
   * status to report: 200, 409 (not answered, or a conference already), 404 (unknown target), or the
   * third party's refusal (the caller and the agent stay together on the mixer).
   */
  async addThirdParty(dialled: string, mode: JoinMode = 'conference'): Promise<number> {
    const callee = this.callee;
    const callerDialog = this.caller.dialog;
    if (
      this.currentState !== CallState.Answered ||
      this.conference.active ||
      !callerDialog ||
      !callee?.dialog
    ) {
      return 409;
    }
    const target = this.deps.resolveTransfer ? await this.deps.resolveTransfer(dialled) : null;
    if (!target || !this.deps.mediaPlane) return 404;
    return this.conference.add(
      {
        id: this.id,
        session: this.session,
        caller: { leg: this.caller.leg, media: this.caller.media, dialog: callerDialog },
        agent: { leg: callee.leg, media: callee.media, dialog: callee.dialog },
        identity: this.identity,
        media: this.deps.mediaPlane,
        record: this.deps.record,
        logger: this.deps.logger,
        mixerSides: (legs) => void this.recording?.movedToMixer(legs.map((leg) => leg.tag)),
        mediaLost: () => this.end('media-lost', 'system'),
        isEnded: () => this.ended,
      },
      target,
      mode,
    );
  }

  /** A supervisor who joined (listen, whisper or barge) changes how they take part, without renegotiating. */
  setJoinMode(mode: JoinMode): boolean {
    if (!this.conference.setMode(mode)) return false;
    this.deps.record.event('monitor-mode', { mode });
    return true;
  }

  private async transfer(
    request: SipRequest,
    transaction: ServerTransaction,
    transferor: Dialog,
  ): Promise<void> {
    if (this.transferring || this.transferor !== null || this.ended) {
      transaction.respond(491);
      return;
    }
    await this.handOver(transferor, { to: referTarget(request) }, async (host) =>
      (await blindTransfer(host, request, transaction, transferor)) ? 200 : 500,
    );
  }

  /**
   * Runs a blind transfer (by REFER or by API) and records it. The agent may have hung up meanwhile:
   * if the new party was not reached, nobody is left and the call ends.
   */
  private async handOver(
    agentDialog: Dialog,
    details: Record<string, unknown>,
    run: (host: TransferHost) => Promise<number>,
  ): Promise<number> {
    this.transferring = true;
    const status = await run(this.transferHost());
    this.transferring = false;
    const reached = status === 200 && this.callee?.agentId ? { agentId: this.callee.agentId } : {};
    this.deps.record.event(status === 200 ? 'transferred' : 'transfer-failed', { ...details, ...reached });
    if (status !== 200 && agentDialog.state === 'terminated') this.end('transfer-failed', 'system');
    return status;
  }

  private transferHost(): TransferHost {
    const resolve = this.deps.resolveTransfer!;
    return {
      id: this.id,
      session: this.session,
      callerLeg: this.caller.leg,
      callerMedia: this.caller.media,
      callerSdp: this.callerSdp,
      callerRequest: this.identity,
      logger: this.deps.logger,
      resolveTarget: resolve,
      transferred: (target, leg, dialog) => {
        const previous = this.callee;
        this.callee = { leg, media: target.media, dialog, agentId: target.agentId };
        this.watch(dialog, 'callee');
        if (this.ended) {
          void dialog.bye();
          return;
        }
        void this.music?.stop();
        this.music = this.holdMusicFor(leg);
        if (previous) letGo(previous);
        this.emit('event', { type: 'answered', callId: this.id, agentId: target.agentId });
      },
    };
  }

  private dialogEnded(side: 'caller' | 'callee', reason: DialogEndReason): void {
    if (reason === 'local-bye' || reason === 'shutdown') return;
    // An agent who hands the caller over by REFER may hang up before the new party answers.
    if (side === 'callee' && this.transferring) return;
    if (side === this.transferor) return;
    if (side === 'callee' && this.agentLeftConference()) return;
    if (reason === 'ack-timeout') this.end('ack-timeout', 'system');
    else if (reason === 'flow-lost') this.end('connection-lost', side);
    else this.end(side === 'caller' ? 'caller-hangup' : 'callee-hangup', side);
  }

  /**
   * The agent hung up on a conference she started: the third party (an agent or a number) carries on
   * with the caller on the mixer and becomes the call's callee; the agent is done with the call. False
   * when there is nobody to carry on (no conference, a supervisor, or the third party already left).
   */
  private agentLeftConference(): boolean {
    const callee = this.callee;
    const successor = callee ? this.conference.agentLeft() : null;
    if (!callee || !successor) return false;
    const { dialog: third, target: guest } = successor;
    this.callee = { leg: callee.leg, media: guest.media, dialog: third, agentId: guest.agentId };
    this.watch(third, 'callee');
    this.deps.record.event('left-conference', { agentId: callee.agentId, continuesWith: guest.label });
    // As after a transfer: routing finishes the agent's call; whoever has the caller now is on it.
    this.emit('event', { type: 'answered', callId: this.id, agentId: guest.agentId });
    return true;
  }

  /** Hold and resume: the re-INVITE goes through rtpengine to the other side (reinvite-relay.ts). */
  private async relayReinvite(from: 'caller' | 'callee', reinvite: InviteRequest): Promise<void> {
    if (this.conference.active) {
      // On the mixer there is no other side to relay to; holding a conference is not offered yet.
      reinvite.reject(488);
      return;
    }
    if (!this.callee) {
      // In the IVR or waiting in a queue: nothing to relay to; a refresh keeps the media as it is.
      if (this.early) reinvite.accept({ body: this.early.answer });
      else reinvite.reject(491);
      return;
    }
    const source = from === 'caller' ? this.caller : this.callee;
    const target = from === 'caller' ? this.callee! : this.caller;
    try {
      const meaning = await relayReinvite(
        { source, target, music: from === 'callee' ? this.music : null },
        reinvite,
      );
      if (!meaning) return;
      if (from === 'caller') this.callerSdp = reinvite.request.bodyText;
      this.deps.record.event(meaning, { by: from });
      this.emit('event', { type: meaning, callId: this.id, by: from });
    } catch (error) {
      this.deps.logger.warn({ err: error, callId: this.id }, 're-INVITE relay failed');
    }
  }

  /** DTMF keyed on a client (SIP INFO) goes to the other side as RFC 4733 (dtmf-relay.ts). */
  private relayInfo(from: 'caller' | 'callee', request: SipRequest, transaction: ServerTransaction): void {
    const source = from === 'caller' ? this.caller : this.callee;
    const target = from === 'caller' ? this.callee : this.caller;
    if (!source || !target || this.conference.active) {
      transaction.respond(200);
      return;
    }
    void this.dtmf
      .relayInfo(request, source.leg, target.leg)
      .then((result) =>
        transaction.respond(
          result.status,
          result.reason,
          result.headers ? { headers: Object.entries(result.headers) } : undefined,
        ),
      )
      .catch(() => transaction.respond(500));
  }

  /** The caller, answered earlier by our endpoint, is re-INVITEd toward the agent; null when refused. */
  private async reconnectCaller(answer: string): Promise<Dialog | null> {
    const early = this.early!;
    this.early = null;
    const moved = await moveCallerToAgent(early, answer, { logger: this.deps.logger, callId: this.id });
    return moved && !this.ended ? early.dialog : null;
  }

  private holdMusicFor(holder: MediaLeg): MusicOnHold | null {
    const source = this.deps.holdMusic;
    if (!source) return null;
    return new MusicOnHold({
      held: this.caller.leg,
      heldMedia: this.caller.media,
      holder,
      source,
      logger: this.deps.logger,
    });
  }

  private refuse(status: number, reason: CallEndReason): void {
    if (this.ended) return;
    // A caller already answered (by the IVR) gets a BYE from end() instead.
    if (this.invite.state === 'pending') this.invite.reject(failureStatus(status));
    this.end(reason, 'system');
  }

  // Attended transfer (attended-transfer.ts): this call as the customer's call or as the consult call.

  private get identity(): SipRequest {
    return this.callerRequest ?? this.invite.request;
  }

  get record(): CallRecordWriter {
    return this.deps.record;
  }

  get isConnected(): boolean {
    const answered =
      this.currentState === CallState.Answered && !this.conference.active && !this.transferring;
    return answered && this.caller.dialog !== null && (this.callee?.dialog ?? null) !== null;
  }

  sideOf(dialog: DialogId): PartySide | null {
    const key = dialogKey(dialog);
    if (this.caller?.dialog?.key === key) return 'caller';
    return this.callee?.dialog?.key === key ? 'callee' : null;
  }

  party(side: PartySide): CallParty | null {
    const party = side === 'caller' ? this.caller : this.callee;
    if (!party?.dialog) return null;
    const agentId = side === 'caller' ? this.callerAgent : (this.callee?.agentId ?? null);
    return {
      leg: party.leg,
      media: party.media,
      dialog: party.dialog,
      agentId,
      label: party.leg.label ?? side,
    };
  }

  callerOffer(): { sdp: string; request: SipRequest } {
    return { sdp: this.callerSdp, request: this.identity };
  }

  holdForTransfer(side: PartySide | null): boolean {
    if (side !== null) {
      if (this.transferor !== null || !this.isConnected) return false;
      this.transferor = side;
      return true;
    }
    const agentDialog = this.transferor === null ? null : this.party(this.transferor)?.dialog;
    this.transferor = null;
    // The agent hung up while the transfer failed: nobody is left to talk to the caller.
    if (agentDialog?.state === 'terminated') this.end('transfer-failed', 'system');
    return true;
  }

  replaceCaller(next: MovingCaller, fromCall: ReplaceableCall): void {
    const previous = this.caller;
    const callee = this.callee!;
    this.caller = { leg: next.leg, media: next.media, dialog: next.dialog };
    this.callerSdp = next.sdp;
    this.callerRequest = next.request;
    this.watch(next.dialog, 'caller');
    this.deps.record.event('transferred', { attended: true, fromCall: fromCall.id, agent: this.callerAgent });
    // Told while the agent is still one of this call's agents, so that her client sees it go.
    const to = callee.leg.label ?? 'callee';
    this.emit('event', {
      type: 'transferred',
      callId: this.id,
      to,
      agentId: callee.agentId,
      continuesIn: this.id,
    });
    this.callerAgent = null;
    letGo(previous);
    this.music?.close();
    this.music = this.holdMusicFor(callee.leg);
  }

  releaseCaller(toCall: ReplaceableCall, to: CallParty): void {
    const moved = { to: to.label, agentId: to.agentId, continuesIn: toCall.id };
    this.deps.record.event('transferred', { attended: true, ...moved });
    this.emit('event', { type: 'transferred', callId: this.id, ...moved });
    this.caller.dialog = null; // the consult call's now: no BYE from here
    this.transferor = null;
    this.end('transferred', 'callee');
  }

  private end(reason: CallEndReason, by: HangupBy): void {
    if (this.ended) return;
    this.currentState = CallState.Ended;
    this.finder.stop();
    for (const attempt of this.attempts) attempt.cancel();
    if (this.invite.state === 'pending') this.invite.reject(reason === 'shutdown' ? 503 : 480);
    for (const dialog of [this.caller?.dialog, this.callee?.dialog]) void dialog?.bye();
    this.conference.close();
    this.music?.close();
    const recording = this.recording;
    void this.session
      .close()
      .then(() => recording?.finish())
      .then((path) => {
        if (path) this.deps.record.update({ recordingRef: path });
      })
      .catch((error: Error) =>
        this.deps.logger.warn({ err: error }, 'media close or recording mixdown failed'),
      );
    this.deps.record.finish(reason, by);
    this.emit('event', { type: 'ended', callId: this.id, reason, by });
    this.emit('ended', reason);
  }

  /**
   * Blind transfer asked through the API (POST /api/calls/transfer): the caller is moved to `dialled`
   * (an agent, a queue's agents, a number) as a REFER from the agent would (blind-transfer.ts), with no
   * NOTIFYs; the agent's leg gets a BYE once the new party answered. Resolves with 200, 409 when the
   * call is not a connected two-party call (ringing, a conference, a transfer under way), 404 for an
   * unknown target, or the new party's refusal (the call then stays as it was).
   */
  async transferTo(dialled: string): Promise<number> {
    const agentDialog = this.callee?.dialog;
    if (!this.isConnected || this.transferor !== null || !agentDialog || !this.deps.resolveTransfer) {
      return 409;
    }
    return this.handOver(agentDialog, { to: dialled, by: 'api' }, (host) => transferCaller(host, dialled));
  }
}

/** A side the call no longer needs: its dialog gets a BYE (its news no longer reaches the call), its leg goes. */
function letGo(side: Side): void {
  if (side.dialog) {
    side.dialog.delegate = {};
    void side.dialog.bye();
  }
  void side.leg.close();
}

export type { JoinMode } from './third-party.js';
