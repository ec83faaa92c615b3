/**
 * One call of the softphone: a SIP.js session (an incoming Invitation, later also an Inviter) and what the
 * agent does with it. Reports every change to the store's calls actions; plays the far end through an
 * <audio> element.
 */
import { Invitation, SessionState, UserAgent, Web, type Inviter, type Session, type URI } from 'sip.js';
import type { CallsActions } from '../../store/calls/actions.js';
import type { CallEnding } from '../../store/calls/initial-state.js';
import { CallVideo, sessionVideoLink } from './call-video.js';
import { ConsultCall } from './consult-call.js';
import { checkDigits, dtmfRelayBody, transferUri } from './dial-strings.js';
import { offerContextOf } from './offer-context.js';

/**
 * The microphone as it is: echo cancellation stays on (agents use speakers too), and so do the browser's
 * defaults for the rest; video comes with the video slice.
 */
const microphone: Web.SessionDescriptionHandlerOptions = { constraints: { audio: true, video: false } };

type OurEnding = 'local-hangup' | 'declined' | 'transferred';

export class CallSession {
  private held = false;
  private muted = false;
  private established = false;
  private ourEnding: OurEnding | undefined;
  private audio: HTMLAudioElement | undefined;
  private consultCall: ConsultCall | undefined;
  private completing = false;
  private consultTarget = '';
  /** Camera, screen share and the far end's video on this call (call-video.ts). */
  readonly video: CallVideo;

  constructor(
    readonly id: string,
    readonly session: Session,
    private readonly calls: CallsActions,
    private readonly audioParent: HTMLElement | undefined,
    /** The agent's SIP domain, for transfer targets given as numbers. */
    private readonly domain: string,
    private readonly onEnded: (call: CallSession) => void,
  ) {
    this.video = new CallVideo(
      sessionVideoLink(id, session, () => this.peerConnection()),
      calls,
    );
    session.delegate = {
      onInfo: (info) => void info.accept(),
      // A re-INVITE of the far end was answered: its video may have started or stopped.
      onInvite: () => this.video.refreshRemote(),
    };
    session.stateChange.addListener((state) => this.stateChanged(state));
    const identity = session.remoteIdentity;
    calls.offered({
      id,
      serverCallId:
        session instanceof Invitation ? (session.request.getHeader('X-Tandem-Call-Id') ?? null) : null,
      direction: session instanceof Invitation ? 'incoming' : 'outgoing',
      remoteNumber: identity.uri.user ?? identity.uri.toString(),
      remoteName: identity.displayName || null,
      at: Date.now(),
      context:
        session instanceof Invitation ? offerContextOf((name) => session.request.getHeader(name)) : null,
    });
  }

  async answer(): Promise<void> {
    if (!(this.session instanceof Invitation)) throw new TypeError('only an incoming call can be answered');
    if (this.session.state !== SessionState.Initial) return;
    this.calls.answering(this.id);
    await this.session.accept({ sessionDescriptionHandlerOptions: microphone });
  }

  async decline(): Promise<void> {
    if (!(this.session instanceof Invitation)) throw new TypeError('only an incoming call can be declined');
    if (this.session.state !== SessionState.Initial) return;
    this.ourEnding = 'declined';
    // RFC 3261 21.6.2 603 Decline: "the callee's machine was successfully contacted but the user explicitly
    // does not wish to or cannot participate"; Tandem offers the call to the next agent.
    await this.session.reject({ statusCode: 603 });
  }

  async hangUp(): Promise<void> {
    switch (this.session.state) {
      case SessionState.Established:
        this.ourEnding = 'local-hangup';
        await this.session.bye();
        return;
      case SessionState.Initial:
      case SessionState.Establishing:
        if (this.session instanceof Invitation) {
          this.ourEnding = 'declined';
          await this.session.reject({ statusCode: 603 });
        } else {
          this.ourEnding = 'local-hangup';
          await (this.session as unknown as { cancel(): Promise<void> }).cancel();
        }
        return;
      default:
        return;
    }
  }

  /**
   * RFC 3264 section 8.4: "If the stream to be placed on hold was previously a sendrecv media stream, it is
   * placed on hold by marking it sendonly." SIP.js's handler offers that for `hold: true`; our tracks stop
   * too, so the held party hears Tandem's music rather than the agent.
   */
  setHeld(held: boolean): Promise<void> {
    if (this.held === held) return Promise.resolve();
    if (this.session.state !== SessionState.Established)
      return Promise.reject(new Error('the call is not up'));
    const options = (hold: boolean): Web.SessionDescriptionHandlerOptions => ({
      ...this.session.sessionDescriptionHandlerOptionsReInvite,
      hold,
    });
    this.session.sessionDescriptionHandlerOptionsReInvite = options(held);
    this.calls.busyChanged(this.id, true);
    return new Promise<void>((resolve, reject) => {
      const refused = (reason: string) => {
        this.session.sessionDescriptionHandlerOptionsReInvite = options(this.held);
        this.calls.refused(this.id, held ? 'hold' : 'resume');
        reject(new Error(reason));
      };
      this.session
        .invite({
          requestDelegate: {
            onAccept: () => {
              this.held = held;
              this.applyTracks();
              this.calls.holdChanged(this.id, held);
              resolve();
            },
            onReject: (response) => refused(`re-INVITE refused: ${response.message.statusCode}`),
          },
        })
        .catch((error: unknown) => refused(String(error)));
    });
  }

  setMuted(muted: boolean): void {
    if (this.session.state !== SessionState.Established) return;
    this.muted = muted;
    this.applyTracks();
    this.calls.muteChanged(this.id, muted);
  }

  async sendDigits(digits: string): Promise<void> {
    const tones = checkDigits(digits);
    if (this.session.state !== SessionState.Established) throw new Error('the call is not up');
    for (const tone of tones) {
      await new Promise<void>((resolve, reject) => {
        this.session
          .info({
            requestOptions: {
              body: {
                contentDisposition: 'render',
                contentType: 'application/dtmf-relay',
                content: dtmfRelayBody(tone),
              },
            },
            requestDelegate: {
              onAccept: () => resolve(),
              onReject: (response) => {
                this.calls.refused(this.id, 'keys');
                reject(new Error(`INFO refused: ${response.message.statusCode}`));
              },
            },
          })
          .catch(reject);
      });
    }
  }

  /** Blind transfer (RFC 3515 REFER): the server places the new call and hangs up on us. */
  transfer(target: string): Promise<void> {
    if (this.session.state !== SessionState.Established)
      return Promise.reject(new Error('the call is not up'));
    let uri: URI | undefined;
    try {
      uri = UserAgent.makeURI(transferUri(target, this.domain));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new TypeError(String(error)));
    }
    if (!uri) return Promise.reject(new TypeError(`not a transfer target: ${target}`));
    this.calls.busyChanged(this.id, true);
    return new Promise<void>((resolve, reject) => {
      this.session
        .refer(uri, {
          requestDelegate: {
            onAccept: () => {
              this.ourEnding = 'transferred';
              this.calls.busyChanged(this.id, false);
              resolve();
            },
            onReject: (response) => {
              this.calls.refused(this.id, 'transfer');
              reject(new Error(`REFER refused: ${response.message.statusCode}`));
            },
          },
        })
        .catch((error: unknown) => {
          this.calls.refused(this.id, 'transfer');
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  }

  /**
   * Consultative transfer, first step: the customer is put on hold (music) and `inviter` calls the target.
   * `target` is what the agent chose, for the desk to show.
   */
  async startConsult(inviter: Inviter, target: string): Promise<void> {
    if (this.session.state !== SessionState.Established) throw new Error('the call is not up');
    if (this.consultCall) throw new Error('a consult call is already under way');
    if (!this.held) await this.setHeld(true);
    this.consultTarget = target;
    const consult = new ConsultCall(
      inviter,
      {
        changed: (phase, refusedWith) => {
          if (phase !== null) {
            this.calls.consultChanged(this.id, { target, phase, busy: false });
            return;
          }
          if (this.consultCall === consult) this.consultCall = undefined;
          if (this.completing) return; // the customer's call ends too, as transferred
          this.calls.consultChanged(this.id, null);
          // Refused (declined, busy, not reached): the agent has the caller back at once, and is told why.
          if (refusedWith !== undefined) void this.backToCaller();
        },
      },
      this.audioParent,
    );
    this.consultCall = consult;
    try {
      await consult.start();
    } catch (error) {
      this.consultCall = undefined;
      this.calls.consultChanged(this.id, null);
      this.calls.refused(this.id, 'consult');
      throw error instanceof Error ? error : new Error(String(error));
    }
  }

  /**
   * Consultative transfer, done: RFC 5589 section 7, a REFER on the customer's dialog whose Refer-To
   * carries `?Replaces=` naming the consult dialog (RFC 3891); Tandem joins the customer and the target
   * and ends both of our calls.
   */
  completeConsult(): Promise<void> {
    const consult = this.consultCall;
    if (!consult?.isTalking) return Promise.reject(new Error('the consult call is not up'));
    this.calls.consultChanged(this.id, this.consultView(true));
    return new Promise<void>((resolve, reject) => {
      const refused = (reason: string) => {
        this.calls.refused(this.id, 'transfer');
        reject(new Error(reason));
      };
      this.session
        .refer(consult.session, {
          requestDelegate: {
            onAccept: () => {
              this.completing = true;
              this.ourEnding = 'transferred';
              resolve();
            },
            onReject: (response) => refused(`REFER refused: ${response.message.statusCode}`),
          },
        })
        .catch((error: unknown) => refused(String(error)));
    });
  }

  /** Consultative transfer, abandoned: the consult call ends and the customer is taken off hold. */
  async returnToCaller(): Promise<void> {
    const consult = this.consultCall;
    if (consult) {
      this.calls.consultChanged(this.id, this.consultView(true));
      this.consultCall = undefined;
      await consult.hangUp().catch(() => undefined);
      this.calls.consultChanged(this.id, null);
    }
    if (this.held) await this.setHeld(false);
  }

  /** The consult call was refused: the customer comes off hold, then the desk says the consult failed. */
  private async backToCaller(): Promise<void> {
    if (this.held) await this.setHeld(false).catch(() => undefined);
    this.calls.refused(this.id, 'consult');
  }

  /** The consult call's peer connection, for tests. */
  consultPeerConnection(): RTCPeerConnection | undefined {
    return this.consultCall?.peerConnection();
  }

  private consultView(busy: boolean) {
    return this.consultCall
      ? {
          target: this.consultTarget,
          phase: this.consultCall.isTalking ? ('talking' as const) : ('calling' as const),
          busy,
        }
      : null;
  }

  /** The call's peer connection, for call-quality figures and tests. */
  peerConnection(): RTCPeerConnection | undefined {
    const handler = this.session.sessionDescriptionHandler;
    return handler instanceof Web.SessionDescriptionHandler ? handler.peerConnection : undefined;
  }

  private stateChanged(state: SessionState): void {
    if (state === SessionState.Established) {
      this.established = true;
      this.calls.established(this.id, Date.now());
      this.playRemoteAudio();
      this.video.refreshRemote();
      return;
    }
    if (state !== SessionState.Terminated) return;
    if (this.consultCall && !this.completing) void this.consultCall.hangUp().catch(() => undefined);
    this.audio?.remove();
    this.audio = undefined;
    this.video.close();
    const ending: CallEnding =
      this.ourEnding ??
      (this.established ? 'remote-hangup' : this.session instanceof Invitation ? 'missed' : 'failed');
    this.calls.ended(this.id, ending, Date.now());
    this.onEnded(this);
  }

  private applyTracks(): void {
    const handler = this.session.sessionDescriptionHandler;
    if (!(handler instanceof Web.SessionDescriptionHandler)) return;
    handler.enableReceiverTracks(!this.held);
    handler.enableSenderTracks(!this.held && !this.muted);
  }

  private playRemoteAudio(): void {
    const handler = this.session.sessionDescriptionHandler;
    if (!(handler instanceof Web.SessionDescriptionHandler) || !this.audioParent) return;
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.dataset['callId'] = this.id;
    audio.srcObject = handler.remoteMediaStream;
    this.audioParent.append(audio);
    this.audio = audio;
    void audio.play().catch(() => {
      // Autoplay may be refused until the agent interacts; the answer key press normally counts.
    });
  }
}
