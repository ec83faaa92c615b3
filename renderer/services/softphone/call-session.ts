/**
 * One call of the softphone: a SIP.js session (an incoming Invitation, later also an Inviter) and what the
 * agent does with it. Reports every change to the store's calls actions; plays the far end through an
 * <audio> element.
 */
import { Invitation, SessionState, UserAgent, Web, type Session, type URI } from 'sip.js';
import type { CallsActions } from '../../store/calls/actions.js';
import type { CallEnding } from '../../store/calls/initial-state.js';
import { checkDigits, dtmfRelayBody, transferUri } from './dial-strings.js';

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

  constructor(
    readonly id: string,
    readonly session: Session,
    private readonly calls: CallsActions,
    private readonly audioParent: HTMLElement | undefined,
    /** The agent's SIP domain, for transfer targets given as numbers. */
    private readonly domain: string,
    private readonly onEnded: (call: CallSession) => void,
  ) {
    session.delegate = { onInfo: (info) => void info.accept() };
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
      return;
    }
    if (state !== SessionState.Terminated) return;
    this.audio?.remove();
    this.audio = undefined;
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
