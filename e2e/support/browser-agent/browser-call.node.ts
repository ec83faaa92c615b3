/**
 * A call of a browser agent, driven from Node: the handle `agent.call()` and `agent.nextIncomingCall()`
 * return. Every action runs in the agent's page (page-call.dom.ts) and waits for its outcome; every wait is
 * bounded and says what it saw when it gives up.
 *
 *   const call = await agent.nextIncomingCall();
 *   await call.answer();
 *   await call.waitForAudio();           // the caller is heard: packets that carry sound
 *   await call.waitForSilence();         // packets keep coming, of silence (they muted or hold)
 *   await call.sendDtmf('5', { method: 'info' });
 *   await call.hold(); await call.unhold();
 *   await call.hangup();
 */
import type { Page } from '@playwright/test';
import type {
  AudioStats,
  CallEnding,
  CallSnapshot,
  DtmfMethod,
  ReceivedDtmf,
  SessionDescriptions,
} from './browser-agent-types.js';
import {
  waitForAudio,
  waitForSilence,
  type HeardAudio,
  type WaitForAudioOptions,
  type WaitForSilenceOptions,
} from './audio-checks.node.js';
import { waitUntil } from './wait-until.node.js';

/** What a call needs from its agent: the page it runs in, and how to name it in messages. */
export interface CallOwner {
  readonly page: Page;
  readonly name: string;
  readonly defaultDtmf: DtmfMethod;
  readonly timeoutMs: number;
}

export class BrowserCall {
  constructor(
    private readonly owner: CallOwner,
    readonly id: string,
    readonly direction: 'incoming' | 'outgoing',
    readonly remoteUri: string,
  ) {}

  async snapshot(): Promise<CallSnapshot> {
    const snapshot = await this.owner.page.evaluate(
      (id) => window.tandemAgent!.status().calls.find((call) => call.id === id),
      this.id,
    );
    if (!snapshot) throw new Error(`${this.label} is gone from the page`);
    return snapshot;
  }

  /** Answers (200 OK with an SDP answer) and waits until the call is established. */
  async answer(timeoutMs = this.owner.timeoutMs): Promise<void> {
    await this.owner.page.evaluate((id) => window.tandemAgent!.answer(id), this.id);
    await this.established(timeoutMs);
  }

  /** Refuses an incoming call with a final status (486 Busy Here by default). */
  async reject(statusCode = 486): Promise<CallEnding> {
    await this.owner.page.evaluate(([id, status]) => window.tandemAgent!.reject(id, status), [
      this.id,
      statusCode,
    ] as const);
    return this.ended();
  }

  /** Waits until the call is answered; throws if it ends first. */
  async established(timeoutMs = this.owner.timeoutMs): Promise<void> {
    const snapshot = await this.waitForState(
      (call) => call.state === 'Established' || call.state === 'Terminated',
      timeoutMs,
      'to be established',
    );
    if (snapshot.state === 'Terminated') {
      throw new Error(`${this.label} ended instead of being established: ${JSON.stringify(snapshot.ending)}`);
    }
  }

  /** Waits until the call ended (by either side) and says how. */
  async ended(timeoutMs = this.owner.timeoutMs): Promise<CallEnding> {
    const snapshot = await this.waitForState((call) => call.state === 'Terminated', timeoutMs, 'to end');
    if (!snapshot.ending) throw new Error(`${this.label} ended without a recorded cause`);
    return snapshot.ending;
  }

  /** BYE (CANCEL before an answer) and waits until the call ended. */
  async hangup(timeoutMs = this.owner.timeoutMs): Promise<CallEnding> {
    await this.owner.page.evaluate((id) => window.tandemAgent!.hangup(id), this.id);
    return this.ended(timeoutMs);
  }

  /** Re-INVITE with the audio sendonly; resolves once the other side accepted it. */
  async hold(): Promise<void> {
    await this.owner.page.evaluate((id) => window.tandemAgent!.hold(id), this.id);
  }

  async unhold(): Promise<void> {
    await this.owner.page.evaluate((id) => window.tandemAgent!.unhold(id), this.id);
  }

  /** Sends the digits by SIP INFO or RFC 4733 (the agent's default unless `method` says). */
  async sendDtmf(tones: string, options: { method?: DtmfMethod; durationMs?: number } = {}): Promise<void> {
    const method = options.method ?? this.owner.defaultDtmf;
    const durationMs = options.durationMs ?? 160;
    await this.owner.page.evaluate(
      ([id, digits, how, duration]) => window.tandemAgent!.sendDtmf(id, digits, how, duration),
      [this.id, tones, method, durationMs] as const,
    );
  }

  /** Digits that reached this call by SIP INFO. (A browser does not report RFC 4733 events it receives.) */
  async receivedDtmf(): Promise<readonly ReceivedDtmf[]> {
    return (await this.snapshot()).dtmfReceived;
  }

  /** Mutes (`false`) or unmutes the microphone: a muted track keeps sending packets, of silence. */
  async setMicrophoneEnabled(enabled: boolean): Promise<void> {
    await this.owner.page.evaluate(([id, on]) => window.tandemAgent!.setMicrophoneEnabled(id, on), [
      this.id,
      enabled,
    ] as const);
  }

  audioStats(): Promise<AudioStats> {
    return this.owner.page.evaluate((id) => window.tandemAgent!.audioStats(id), this.id);
  }

  /** The SDP the peer connection holds, local and remote (e.g. to check for Opus or DTLS-SRTP). */
  descriptions(): Promise<SessionDescriptions> {
    return this.owner.page.evaluate((id) => window.tandemAgent!.descriptions(id), this.id);
  }

  /**
   * Polls `getStats` until, since the start of the wait, at least `minPackets` audio packets arrived and
   * they carried at least `minEnergy` of sound: proof that the other side is heard, not just that RTP flows.
   * Throws `NoAudioError` (with what was heard) when that does not happen in time.
   */
  waitForAudio(options?: WaitForAudioOptions): Promise<HeardAudio> {
    return waitForAudio(() => this.audioStats(), this.label, options);
  }

  /**
   * Polls `getStats` until a whole window (1 s by default) brought packets but no sound: the other side is
   * muted or holds the call. Throws `NoSilenceError` when sound (or no packet) keeps coming.
   */
  waitForSilence(options?: WaitForSilenceOptions): Promise<HeardAudio> {
    return waitForSilence(() => this.audioStats(), this.label, options);
  }

  private get label(): string {
    return `${this.owner.name} ${this.id} (${this.direction} ${this.remoteUri})`;
  }

  private waitForState(
    accept: (call: CallSnapshot) => boolean,
    timeoutMs: number,
    awaiting: string,
  ): Promise<CallSnapshot> {
    return waitUntil(() => this.snapshot(), accept, { timeoutMs, awaiting: `${this.label} ${awaiting}` });
  }
}
