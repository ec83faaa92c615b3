/**
 * The audio an IVR endpoint sends, frame by frame: a list of µ-law clips played one after the
 * other with no gap (a clip's last partial frame is completed from the next clip), or else a loop
 * (music on hold between announcements), or else silence. Pure: the endpoint's ticker asks for one
 * 20 ms frame at a time.
 *
 *   Idle --start(clips)--> Playing --last frame sent--> Idle
 *     ^                      |
 *     +------ stop() --------+
 */
import { FRAME_SAMPLES } from '../mixer/mix-bus.js';

/** µ-law silence (a zero sample). */
export const MULAW_SILENCE = 0xff;

export enum PlayerState {
  Idle = 'idle',
  Playing = 'playing',
}

export type FrameSource = 'prompt' | 'loop' | 'silence';

export class PromptPlayer {
  private clips: readonly Uint8Array[] = [];
  private clip = 0;
  private offset = 0;
  private loop: Uint8Array | null = null;
  private loopOffset = 0;
  private currentState = PlayerState.Idle;

  get state(): PlayerState {
    return this.currentState;
  }

  /** Replaces whatever plays with these clips, from their start. */
  start(clips: readonly Uint8Array[]): void {
    this.clips = clips.filter((clip) => clip.length > 0);
    this.clip = 0;
    this.offset = 0;
    this.currentState = this.clips.length > 0 ? PlayerState.Playing : PlayerState.Idle;
  }

  /** Stops the clips; the loop, if any, goes on where it was. */
  stop(): void {
    this.clips = [];
    this.currentState = PlayerState.Idle;
  }

  /** Audio for the frames when no clip plays (null: silence). */
  setLoop(loop: Uint8Array | null): void {
    this.loop = loop && loop.length > 0 ? loop : null;
    this.loopOffset = 0;
  }

  /**
   * Fills `out` (one frame of µ-law) and says what filled it. The frame that finishes the clips
   * is padded with silence and leaves the player Idle: the caller of `fill` tells the prompt's end.
   */
  fill(out: Uint8Array): FrameSource {
    if (this.currentState === PlayerState.Playing) {
      let written = 0;
      while (written < FRAME_SAMPLES && this.clip < this.clips.length) {
        const clip = this.clips[this.clip]!;
        const count = Math.min(FRAME_SAMPLES - written, clip.length - this.offset);
        out.set(clip.subarray(this.offset, this.offset + count), written);
        written += count;
        this.offset += count;
        if (this.offset >= clip.length) {
          this.clip += 1;
          this.offset = 0;
        }
      }
      out.fill(MULAW_SILENCE, written);
      if (this.clip >= this.clips.length) this.stop();
      return 'prompt';
    }
    const loop = this.loop;
    if (!loop) {
      out.fill(MULAW_SILENCE);
      return 'silence';
    }
    for (let index = 0; index < FRAME_SAMPLES; index += 1) {
      out[index] = loop[this.loopOffset]!;
      this.loopOffset = (this.loopOffset + 1) % loop.length;
    }
    return 'loop';
  }
}
