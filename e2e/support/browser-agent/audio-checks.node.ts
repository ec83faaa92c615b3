/**
 * Is the other side heard? Two bounded waits over a call's `getStats` (inbound-rtp `packetsReceived` and
 * `totalAudioEnergy`), each with an error that says what was heard:
 *
 * - `waitForAudio`: packets arrive and carry sound. Packets alone prove little: a muted or held sender
 *   keeps sending packets, of silence.
 * - `waitForSilence`: packets arrive and carry no sound, for a whole window. A stream takes a moment to go
 *   quiet (what is buffered still plays), so silence is looked for in a window that slides until it is found.
 */
import type { AudioStats } from './browser-agent-types.js';
import { waitUntil, WaitTimeoutError } from './wait-until.node.js';

/** What a call heard between two readings of its stats. */
export interface HeardAudio {
  readonly packets: number;
  readonly energy: number;
  readonly stats: AudioStats;
}

export interface WaitForAudioOptions {
  /** New inbound packets needed, counted from the start of the wait. Default 25 (half a second of Opus). */
  readonly minPackets?: number;
  /** New inbound `totalAudioEnergy` needed. Default 0.001; the test tone adds about 0.06 per second. */
  readonly minEnergy?: number;
  /** Default 5 s. */
  readonly timeoutMs?: number;
}

export interface WaitForSilenceOptions {
  /** How long the silence must last. Default 1 s. */
  readonly windowMs?: number;
  /** Packets that must arrive in the window: silence, not a dead stream. Default 25. */
  readonly minPackets?: number;
  /** Most `totalAudioEnergy` the window may add. Default 0.0001 (the tone adds that in 2 ms). */
  readonly maxEnergy?: number;
  /** Default 5 s. */
  readonly timeoutMs?: number;
}

/** `waitForAudio` gave up: nothing arrived, or only silence did (`heard.packets` > 0, `heard.energy` ~ 0). */
export class NoAudioError extends Error {
  override readonly name = 'NoAudioError';

  constructor(
    message: string,
    readonly heard: HeardAudio,
  ) {
    super(message);
  }
}

/** `waitForSilence` gave up: sound kept coming, or no packets did. */
export class NoSilenceError extends Error {
  override readonly name = 'NoSilenceError';

  constructor(
    message: string,
    readonly heard: HeardAudio,
  ) {
    super(message);
  }
}

export function describeAudio(stats: AudioStats): string {
  const pair = stats.selectedPair;
  return JSON.stringify({
    inbound: stats.inbound,
    outbound: stats.outbound,
    selectedPair:
      pair && `${pair.localAddress}:${pair.localPort} -> ${pair.remoteAddress}:${pair.remotePort}`,
  });
}

function heardBetween(earlier: AudioStats, later: AudioStats): HeardAudio {
  return {
    packets: (later.inbound?.packetsReceived ?? 0) - (earlier.inbound?.packetsReceived ?? 0),
    energy: (later.inbound?.totalAudioEnergy ?? 0) - (earlier.inbound?.totalAudioEnergy ?? 0),
    stats: later,
  };
}

export async function waitForAudio(
  read: () => Promise<AudioStats>,
  label: string,
  options: WaitForAudioOptions = {},
): Promise<HeardAudio> {
  const minPackets = options.minPackets ?? 25;
  const minEnergy = options.minEnergy ?? 0.001;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const start = await read();
  const enough = (stats: AudioStats) => {
    const heard = heardBetween(start, stats);
    return heard.packets >= minPackets && heard.energy >= minEnergy;
  };
  try {
    const stats = await waitUntil(read, enough, {
      timeoutMs,
      intervalMs: 100,
      awaiting: `${label} to hear audio`,
      describe: describeAudio,
    });
    return heardBetween(start, stats);
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    const heard = heardBetween(start, error.lastSeen as AudioStats);
    throw new NoAudioError(
      `${label} heard no audio within ${timeoutMs} ms: ${heard.packets} new packets carrying energy ` +
        `${heard.energy.toFixed(6)} (needed ${minPackets} packets and ${minEnergy}); ${describeAudio(heard.stats)}`,
      heard,
    );
  }
}

export async function waitForSilence(
  read: () => Promise<AudioStats>,
  label: string,
  options: WaitForSilenceOptions = {},
): Promise<HeardAudio> {
  const windowMs = options.windowMs ?? 1_000;
  const minPackets = options.minPackets ?? 25;
  const maxEnergy = options.maxEnergy ?? 0.0001;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const readings: { at: number; stats: AudioStats }[] = [];
  /** What the latest window heard: from the newest reading at least `windowMs` old to the latest one. */
  const lastWindow = (): HeardAudio | undefined => {
    const latest = readings.at(-1);
    const start = readings.findLast((reading) => latest && latest.at - reading.at >= windowMs);
    return latest && start ? heardBetween(start.stats, latest.stats) : undefined;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    readings.push({ at: Date.now(), stats: await read() });
    const heard = lastWindow();
    if (heard && heard.packets >= minPackets && heard.energy <= maxEnergy) return heard;
    if (Date.now() >= deadline) {
      const last = heard ?? heardBetween(readings[0]!.stats, readings.at(-1)!.stats);
      throw new NoSilenceError(
        `${label} heard no ${windowMs} ms of silence within ${timeoutMs} ms: the last window had ` +
          `${last.packets} packets carrying energy ${last.energy.toFixed(6)} (silence: at least ${minPackets} ` +
          `packets and at most ${maxEnergy}); ${describeAudio(last.stats)}`,
        last,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
