/**
 * Video calls of browser agents, driven from Node: a call placed or answered with the fake camera, a screen
 * share started and stopped mid-call, and waits on what the other side's page decodes, per m-line.
 *
 *   const call = await placeVideoCall(alice, '1002');
 *   const incoming = await bob.nextIncomingCall();
 *   await answerWithVideo(bob, incoming);
 *   const bobVideo = callVideo(bob, incoming);
 *   await bobVideo.waitForFrames(cameraMid);      // frames decoded on that m-line grow
 *   const share = await callVideo(alice, call).startScreenShare();
 *   await bobVideo.waitForFrames(share.mid);
 *   await callVideo(alice, call).stopScreenShare();
 *   await bobVideo.waitForStopped(share.mid);     // no frame decoded there for a whole window
 *
 * Every wait is bounded and says what it saw when it gives up.
 */
import type { BrowserAgent } from './browser-agent.node.js';
import { BrowserCall } from './browser-call.node.js';
import type { InboundVideoStats, ScreenShareSnapshot, VideoStats } from './browser-video-types.js';

const defaultTimeoutMs = 10_000;
const pollMs = 200;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets the page use the fake camera (the microphone was granted when the agent opened). */
async function allowCamera(agent: BrowserAgent): Promise<void> {
  await agent.page.context().grantPermissions(['microphone', 'camera'], {
    origin: new URL(agent.page.url()).origin,
  });
}

/** Calls an extension, number or SIP URI with microphone and camera (`1002` -> `sip:1002@tandem.local`). */
export async function placeVideoCall(
  agent: BrowserAgent,
  target: string,
  domain = 'tandem.local',
): Promise<BrowserCall> {
  await allowCamera(agent);
  const uri = target.includes(':') ? target : `sip:${target}@${domain}`;
  const id = await agent.page.evaluate((targetUri) => window.tandemAgent!.call(targetUri, 'video'), uri);
  return new BrowserCall(ownerOf(agent), id, 'outgoing', uri);
}

/** Answers with microphone and camera and waits until the call is established. */
export async function answerWithVideo(agent: BrowserAgent, call: BrowserCall): Promise<void> {
  await allowCamera(agent);
  await agent.page.evaluate((id) => window.tandemVideo!.answer(id), call.id);
  await call.established();
}

function ownerOf(agent: BrowserAgent) {
  return {
    page: agent.page,
    name: agent.username,
    defaultDtmf: 'rfc4733' as const,
    timeoutMs: defaultTimeoutMs,
  };
}

/** The video wait did not see what it waited for; `last` is the last statistics it read. */
export class VideoWaitError extends Error {
  override readonly name = 'VideoWaitError';

  constructor(
    message: string,
    readonly last: VideoStats,
  ) {
    super(`${message}; last seen: ${JSON.stringify(last.inbound)}`);
  }
}

/** Frames decoded on one m-line during a wait. */
export interface FramesSeen {
  readonly mid: string;
  readonly frames: number;
  readonly stream: InboundVideoStats | null;
  readonly stats: VideoStats;
}

export class CallVideo {
  constructor(
    private readonly agent: BrowserAgent,
    readonly call: BrowserCall,
  ) {}

  stats(): Promise<VideoStats> {
    return this.agent.page.evaluate((id) => window.tandemVideo!.videoStats(id), this.call.id);
  }

  /** Shares the screen (a new video m-line, re-INVITE); resolves once the other side accepted it. */
  startScreenShare(): Promise<ScreenShareSnapshot> {
    return this.agent.page.evaluate((id) => window.tandemVideo!.startScreenShare(id), this.call.id);
  }

  /** Stops the share (its m-line goes to port 0, re-INVITE); resolves once the other side accepted it. */
  stopScreenShare(): Promise<void> {
    return this.agent.page.evaluate((id) => window.tandemVideo!.stopScreenShare(id), this.call.id);
  }

  /**
   * Polls until, since the start of the wait, at least `minFrames` frames were decoded on m-line `mid`:
   * video is seen there now, not just once. Throws `VideoWaitError` when that does not happen in time.
   */
  async waitForFrames(
    mid: string,
    options: { minFrames?: number; timeoutMs?: number } = {},
  ): Promise<FramesSeen> {
    const minFrames = options.minFrames ?? 10;
    const deadline = Date.now() + (options.timeoutMs ?? defaultTimeoutMs);
    let stats = await this.stats();
    const start = decodedOn(stats, mid);
    for (;;) {
      const stream = streamOn(stats, mid);
      const frames = (stream?.framesDecoded ?? 0) - start;
      if (frames >= minFrames) return { mid, frames, stream, stats };
      if (Date.now() >= deadline) {
        throw new VideoWaitError(
          `${this.label}: ${frames} frames decoded on mid ${mid}, waited for ${minFrames}`,
          stats,
        );
      }
      await delay(pollMs);
      stats = await this.stats();
    }
  }

  /**
   * Polls until a whole window (1.5 s by default) went by without a frame decoded on m-line `mid` (its
   * stream gone, or still there but silent). Throws `VideoWaitError` when frames keep coming.
   */
  async waitForStopped(
    mid: string,
    options: { windowMs?: number; timeoutMs?: number } = {},
  ): Promise<FramesSeen> {
    const windowMs = options.windowMs ?? 1_500;
    const deadline = Date.now() + (options.timeoutMs ?? defaultTimeoutMs);
    let stats = await this.stats();
    let windowStart = { at: Date.now(), frames: decodedOn(stats, mid) };
    for (;;) {
      await delay(pollMs);
      stats = await this.stats();
      const frames = decodedOn(stats, mid);
      const stream = streamOn(stats, mid);
      // A stream that went away counts as stopped from now; one that still grows starts a new window.
      if (stream && frames !== windowStart.frames) windowStart = { at: Date.now(), frames };
      if (!stream) windowStart = { at: Math.min(windowStart.at, Date.now()), frames: 0 };
      if (Date.now() - windowStart.at >= windowMs) return { mid, frames: 0, stream, stats };
      if (Date.now() >= deadline) {
        throw new VideoWaitError(`${this.label}: frames still decoded on mid ${mid}`, stats);
      }
    }
  }

  private get label(): string {
    return `${this.agent.username} ${this.call.id}`;
  }
}

export function callVideo(agent: BrowserAgent, call: BrowserCall): CallVideo {
  return new CallVideo(agent, call);
}

function streamOn(stats: VideoStats, mid: string): InboundVideoStats | null {
  return stats.inbound.find((stream) => stream.mid === mid) ?? null;
}

function decodedOn(stats: VideoStats, mid: string): number {
  return streamOn(stats, mid)?.framesDecoded ?? 0;
}
