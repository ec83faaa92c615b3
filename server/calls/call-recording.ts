/**
 * Recording of one call: rtpengine writes the pcaps while the call is answered (pause and resume
 * for card payments close and open segments), and when the call is over they are mixed down to
 * `<outputDir>/<callId>.wav`, caller left, agent right, whose path goes into the call record. Each
 * step that happened (started, paused, resumed) is told to the call's journey.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../shared/logger.js';
import type { MediaLeg } from '../sfu/media-leg.js';
import type { MediaSession } from '../sfu/media-session.js';
import type { CallRecordWriter } from './call-record-writer.js';
import { findCallRecording, recordingPortsOf } from '../sfu/recording/recording-files.js';
import { mixdownRecording } from '../sfu/recording/recording-mixdown.js';

export interface CallRecordingOptions {
  /** Where rtpengine writes pcaps (the embedded rtpengine's recordingDir). */
  readonly recordingDir: string;
  /** Where listenable files go. */
  readonly outputDir: string;
  readonly logger: Logger;
  /** The call's record, whose journey gets `recording-started`, `-paused` and `-resumed`. */
  readonly record: CallRecordWriter;
}

export class CallRecording {
  private callerPorts: number[] = [];
  private readonly ignoredPorts: number[] = [];
  private started = false;

  constructor(
    private readonly session: MediaSession,
    private readonly caller: MediaLeg,
    private readonly options: CallRecordingOptions,
  ) {}

  /** Starts recording the answered call; a failure is logged, the call goes on unrecorded. */
  async start(): Promise<void> {
    try {
      await this.session.startRecording();
      this.started = true;
      // The caller's rtpengine ports tell its channel apart in the pcaps (rtpengine records what it receives).
      this.callerPorts = recordingPortsOf(await this.session.query(), this.caller.tag);
      this.options.record.event('recording-started');
    } catch (error) {
      this.options.logger.error({ err: error, callId: this.session.callId }, 'recording did not start');
    }
  }

  /**
   * The call went onto the conference mixer: the caller's side may have new ports (rtpengine gives a
   * plain-RTP side new ones when it is re-paired), and the sides `mixerTags` carry the mixer's audio
   * toward caller and agent, which is left out. The WAV keeps the caller left and the agent right.
   */
  async movedToMixer(mixerTags: readonly string[]): Promise<void> {
    if (!this.started) return;
    try {
      const info = await this.session.query();
      this.callerPorts.push(...recordingPortsOf(info, this.caller.tag));
      for (const tag of mixerTags) this.ignoredPorts.push(...recordingPortsOf(info, tag));
    } catch (error) {
      const callId = this.session.callId;
      this.options.logger.warn({ err: error, callId }, 'the conference will be heard twice in the recording');
    }
  }

  /** Pauses (a card number is being read out) or resumes the recording. */
  async setPaused(paused: boolean): Promise<void> {
    await (paused ? this.session.pauseRecording() : this.session.startRecording());
    this.options.record.event(paused ? 'recording-paused' : 'recording-resumed');
  }

  /** rtpengine closes the segments a moment after the call's deletion is answered: wait for it (bounded). */
  private async closedFiles() {
    const deadline = Date.now() + 3_000;
    for (;;) {
      const files = await findCallRecording(this.options.recordingDir, this.session.callId);
      if ((files.pcaps.length > 0 && files.open.length === 0) || Date.now() >= deadline) return files;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** After the session is closed: the WAV's path, or null when nothing was recorded or mixing failed. */
  async finish(): Promise<string | null> {
    if (!this.started) return null;
    const { outputDir, logger } = this.options;
    const callId = this.session.callId;
    try {
      const files = await this.closedFiles();
      const pcaps = [...files.pcaps, ...files.open];
      if (pcaps.length === 0) return null;
      await mkdir(outputDir, { recursive: true });
      const output = join(outputDir, `${callId}.wav`);
      await mixdownRecording({
        pcaps,
        output,
        callerPorts: this.callerPorts,
        ignoredPorts: this.ignoredPorts,
        allowTruncated: files.open.length > 0,
      });
      await Promise.all(pcaps.map((pcap) => rm(pcap, { force: true })));
      return output;
    } catch (error) {
      logger.error({ err: error, callId }, 'the recording could not be mixed down; its pcaps are kept');
      return null;
    }
  }
}
