/**
 * The consult leg of a consultative transfer: an outgoing SIP.js Inviter from the agent to the transfer
 * target (an agent, a queue's number, a number) while the customer holds. The customer's CallSession owns it
 * and decides what happens next (complete by REFER with Replaces, or return to the customer).
 *
 *   calling --2xx--> talking --BYE either way, or the customer's REFER completed--> gone
 *      |
 *      +--refused, cancelled--> gone
 */
import { SessionState, Web, type Inviter } from 'sip.js';
import type { ConsultPhase } from '../../store/calls/initial-state.js';

export interface ConsultReports {
  /** The consult call is ringing or talking; or gone (null), with the SIP status when it was refused. */
  changed(phase: ConsultPhase | null, refusedWith?: number): void;
}

const microphone: Web.SessionDescriptionHandlerOptions = { constraints: { audio: true, video: false } };

export class ConsultCall {
  private audio: HTMLAudioElement | undefined;
  private gone = false;
  private talked = false;
  /** We hung up or cancelled: its end is no refusal. */
  private endedByUs = false;

  constructor(
    readonly session: Inviter,
    private readonly reports: ConsultReports,
    private readonly audioParent: HTMLElement | undefined,
  ) {
    session.delegate = { onInfo: (info) => void info.accept() };
    session.stateChange.addListener((state) => this.stateChanged(state));
  }

  /** Sends the INVITE; resolves once it is sent (the answer comes as a state change). */
  async start(): Promise<void> {
    this.reports.changed('calling');
    await this.session.invite({
      sessionDescriptionHandlerOptions: microphone,
      requestDelegate: {
        onReject: (response) => this.finish(response.message.statusCode ?? 0),
      },
    });
  }

  get isTalking(): boolean {
    return this.session.state === SessionState.Established;
  }

  /** Ends the consult call however far it got. */
  async hangUp(): Promise<void> {
    this.endedByUs = true;
    switch (this.session.state) {
      case SessionState.Established:
        await this.session.bye();
        return;
      case SessionState.Initial:
      case SessionState.Establishing:
        await this.session.cancel();
        return;
      default:
        return;
    }
  }

  /** The peer connection, for tests and call-quality figures. */
  peerConnection(): RTCPeerConnection | undefined {
    const handler = this.session.sessionDescriptionHandler;
    return handler instanceof Web.SessionDescriptionHandler ? handler.peerConnection : undefined;
  }

  private stateChanged(state: SessionState): void {
    if (state === SessionState.Established) {
      this.talked = true;
      this.reports.changed('talking');
      this.playRemoteAudio();
      return;
    }
    if (state !== SessionState.Terminated) return;
    if (this.talked || this.endedByUs) {
      this.finish();
      return;
    }
    // Never answered: a refusal. SIP.js moves to Terminated before it calls the request delegate's
    // onReject, which names the status: give it that turn, then report a refusal in any case.
    queueMicrotask(() => this.finish(0));
  }

  private finish(refusedWith?: number): void {
    if (this.gone) return;
    this.gone = true;
    this.audio?.remove();
    this.audio = undefined;
    this.reports.changed(null, refusedWith);
  }

  private playRemoteAudio(): void {
    const handler = this.session.sessionDescriptionHandler;
    if (!(handler instanceof Web.SessionDescriptionHandler) || !this.audioParent) return;
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.dataset['consult'] = 'true';
    audio.srcObject = handler.remoteMediaStream;
    this.audioParent.append(audio);
    this.audio = audio;
    void audio.play().catch(() => undefined);
  }
}
