/**
 * One call of the test page: a SIP.js session (an Inviter we sent or an Invitation we received) with what a
 * test wants to know about it, and the actions an agent takes on it. Remote audio plays through an <audio>
 * element, as in the real client, so that Chromium decodes it and reports its level.
 */
import { Invitation, Inviter, SessionState, Web, type Info, type Session } from 'sip.js';
import type {
  CallEnding,
  CallSnapshot,
  DtmfMethod,
  ReceivedDtmf,
  SessionDescriptions,
} from '../browser-agent-types.js';

/**
 * Audio only, and the microphone as it is: echo cancellation, noise suppression and gain control would
 * reshape the test tone (a steady tone is what a noise suppressor removes first).
 */
export const rawMicrophone: Web.SessionDescriptionHandlerOptions = {
  constraints: {
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    video: false,
  },
};

/** draft-kaplan-dispatch-info-dtmf-package: `Signal=5\r\nDuration=160`. */
function parseDtmfRelay(body: string): { tone?: string; durationMs?: number } {
  const fields = new Map(
    body
      .split(/\r?\n/)
      .map((line) => line.split('=').map((part) => part.trim()))
      .filter((parts): parts is [string, string] => parts.length === 2)
      .map(([name, value]) => [name.toLowerCase(), value]),
  );
  const duration = fields.get('duration');
  return { tone: fields.get('signal'), ...(duration ? { durationMs: Number(duration) } : {}) };
}

export class PageCall {
  private ending: CallEnding | undefined;
  private held = false;
  private established = false;
  private microphoneEnabled = true;
  private endingByUs: 'bye' | 'cancel' | undefined;
  private readonly dtmfReceived: ReceivedDtmf[] = [];
  private dtmfPlayed = '';
  private audio: HTMLAudioElement | undefined;

  constructor(
    readonly id: string,
    readonly session: Session,
    private readonly log: (message: string) => void,
    /** Called when something shown about the call changed outside SIP.js's state changes. */
    private readonly changed: () => void,
  ) {
    session.delegate = { onInfo: (info) => this.onInfo(info) };
    session.stateChange.addListener((state) => this.onStateChange(state));
    if (session instanceof Invitation) {
      session.delegate.onCancel = () => this.end({ by: 'remote', cause: 'cancel' });
    }
  }

  get direction(): 'incoming' | 'outgoing' {
    return this.session instanceof Invitation ? 'incoming' : 'outgoing';
  }

  /** Sends the INVITE; a final refusal ends the call as `rejected` by the other side. */
  async invite(): Promise<void> {
    if (!(this.session instanceof Inviter)) throw new TypeError(`${this.id} is not an outgoing call`);
    await this.session.invite({
      requestDelegate: {
        onReject: (response) =>
          this.end({
            by: 'remote',
            cause: 'rejected',
            statusCode: response.message.statusCode,
            reasonPhrase: response.message.reasonPhrase,
          }),
      },
    });
  }

  async answer(): Promise<void> {
    if (!(this.session instanceof Invitation)) throw new TypeError(`${this.id} is not an incoming call`);
    await this.session.accept({ sessionDescriptionHandlerOptions: rawMicrophone });
  }

  async reject(statusCode: number): Promise<void> {
    if (!(this.session instanceof Invitation)) throw new TypeError(`${this.id} is not an incoming call`);
    this.end({ by: 'local', cause: 'rejected', statusCode });
    await this.session.reject({ statusCode });
  }

  async hangup(): Promise<void> {
    switch (this.session.state) {
      case SessionState.Established:
        this.endingByUs = 'bye';
        await this.session.bye();
        return;
      case SessionState.Initial:
      case SessionState.Establishing:
        if (this.session instanceof Inviter) {
          this.endingByUs = 'cancel';
          await this.session.cancel();
        } else {
          await this.reject(486);
        }
        return;
      default:
        return;
    }
  }

  /**
   * RFC 3264 8.4: "If the stream to be placed on hold was previously a sendrecv media stream, it is placed
   * on hold by marking it sendonly." SIP.js's handler offers that (inactive from recvonly); as in SIP.js's
   * SessionManager, our tracks stop too, so that the held party hears silence.
   */
  setHold(hold: boolean): Promise<void> {
    if (this.held === hold) return Promise.resolve();
    const withHold = (held: boolean): Web.SessionDescriptionHandlerOptions => ({
      ...this.session.sessionDescriptionHandlerOptionsReInvite,
      hold: held,
    });
    this.session.sessionDescriptionHandlerOptionsReInvite = withHold(hold);
    return new Promise((resolve, reject) => {
      this.session
        .invite({
          requestDelegate: {
            onAccept: () => {
              this.held = hold;
              this.enableTracks();
              resolve();
            },
            onReject: (response) => {
              this.session.sessionDescriptionHandlerOptionsReInvite = withHold(this.held);
              reject(
                new Error(
                  `re-INVITE refused: ${response.message.statusCode} ${response.message.reasonPhrase}`,
                ),
              );
            },
          },
        })
        .catch(reject);
    });
  }

  setMicrophoneEnabled(enabled: boolean): void {
    this.microphoneEnabled = enabled;
    this.enableTracks();
  }

  async sendDtmf(tones: string, method: DtmfMethod, durationMs: number): Promise<void> {
    if (!/^[0-9A-D#*]+$/.test(tones)) throw new TypeError(`not DTMF: ${JSON.stringify(tones)}`);
    if (method === 'info') {
      for (const tone of tones) await this.sendInfoDtmf(tone, durationMs);
      return;
    }
    const sender = this.peerConnection()
      .getSenders()
      .find((candidate) => candidate.track?.kind === 'audio');
    const dtmf = sender?.dtmf;
    if (!dtmf) throw new Error('the audio sender has no RTCDTMFSender');
    if (!dtmf.canInsertDTMF)
      throw new Error('cannot send RFC 4733 events: telephone-event was not negotiated');
    const interToneGapMs = 70;
    const playoutMs = tones.length * (durationMs + interToneGapMs);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`RFC 4733 tones ${tones} not played out within ${playoutMs + 2_000} ms`)),
        playoutMs + 2_000,
      );
      dtmf.ontonechange = (event) => {
        // W3C webrtc-pc 7.2: the last tonechange of a sequence names no tone, the buffer is empty.
        if (event.tone !== '') {
          this.dtmfPlayed += event.tone;
          return;
        }
        clearTimeout(timer);
        resolve();
      };
      dtmf.insertDTMF(tones, durationMs, interToneGapMs);
    });
  }

  peerConnection(): RTCPeerConnection {
    const handler = this.session.sessionDescriptionHandler;
    const peerConnection =
      handler instanceof Web.SessionDescriptionHandler ? handler.peerConnection : undefined;
    if (!peerConnection) throw new Error(`${this.id} has no peer connection (state ${this.session.state})`);
    return peerConnection;
  }

  descriptions(): SessionDescriptions {
    const handler = this.session.sessionDescriptionHandler;
    const peerConnection =
      handler instanceof Web.SessionDescriptionHandler ? handler.peerConnection : undefined;
    return {
      local: peerConnection?.localDescription?.sdp ?? null,
      remote: peerConnection?.remoteDescription?.sdp ?? null,
    };
  }

  snapshot(): CallSnapshot {
    const identity = this.session.remoteIdentity;
    let audioDirection: string | null = null;
    try {
      const transceiver = this.peerConnection()
        .getTransceivers()
        .find((candidate) => candidate.receiver.track.kind === 'audio');
      audioDirection = transceiver?.currentDirection ?? null;
    } catch {
      // No peer connection (yet, or any more).
    }
    return {
      id: this.id,
      direction: this.direction,
      remoteUri: identity.uri.toString(),
      ...(identity.displayName ? { remoteDisplayName: identity.displayName } : {}),
      state: this.session.state,
      held: this.held,
      microphoneEnabled: this.microphoneEnabled,
      audioDirection,
      ...(this.ending ? { ending: this.ending } : {}),
      dtmfReceived: [...this.dtmfReceived],
      dtmfPlayed: this.dtmfPlayed,
    };
  }

  private sendInfoDtmf(tone: string, durationMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const body = {
        contentDisposition: 'render',
        contentType: 'application/dtmf-relay',
        content: `Signal=${tone}\r\nDuration=${durationMs}`,
      };
      this.session
        .info({
          requestOptions: { body },
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) =>
              reject(
                new Error(
                  `INFO ${tone} refused: ${response.message.statusCode} ${response.message.reasonPhrase}`,
                ),
              ),
          },
        })
        .catch(reject);
    });
  }

  private onInfo(info: Info): void {
    const contentType = info.request.getHeader('Content-Type') ?? '';
    const { tone, durationMs } = parseDtmfRelay(info.request.body);
    if (tone && /dtmf/i.test(contentType)) {
      this.dtmfReceived.push({ tone, contentType, ...(durationMs === undefined ? {} : { durationMs }) });
      this.log(`${this.id}: DTMF ${tone} received by INFO`);
    }
    void info.accept();
  }

  private onStateChange(state: SessionState): void {
    this.log(`${this.id}: ${state}`);
    if (state === SessionState.Established) {
      this.established = true;
      this.playRemoteAudio();
    }
    if (state !== SessionState.Terminated) return;
    this.audio?.remove();
    if (this.endingByUs) this.end({ by: 'local', cause: this.endingByUs });
    else if (this.established) this.end({ by: 'remote', cause: 'bye' });
    // SIP.js reports Terminated before it hands a refusal to our `onReject`: give that the first word.
    else queueMicrotask(() => this.end({ by: 'remote', cause: 'failed', detail: 'ended before an answer' }));
  }

  /** The first ending recorded wins: what we did, or the refusal SIP.js handed us, over a guess. */
  private end(ending: CallEnding): void {
    if (this.ending) return;
    this.ending = ending;
    this.changed();
  }

  private playRemoteAudio(): void {
    const handler = this.session.sessionDescriptionHandler;
    if (!(handler instanceof Web.SessionDescriptionHandler)) return;
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.dataset['callId'] = this.id;
    audio.srcObject = handler.remoteMediaStream;
    document.body.append(audio);
    this.audio = audio;
    void audio
      .play()
      .catch((error: unknown) => this.log(`${this.id}: remote audio does not play: ${String(error)}`));
  }

  private enableTracks(): void {
    const handler = this.session.sessionDescriptionHandler;
    if (!(handler instanceof Web.SessionDescriptionHandler)) return;
    handler.enableReceiverTracks(!this.held);
    handler.enableSenderTracks(!this.held && this.microphoneEnabled);
  }
}
