/**
 * Tones the desk plays itself, generated with WebAudio (nothing to download or ship): the ringtone while an
 * offer rings, on the ringer device, and the test tone on the speaker. Each plays through its own <audio>
 * element, because an element can be sent to a chosen output (`setSinkId`) in every browser that can
 * choose outputs at all.
 */

/** One period of a pattern: tones of these frequencies for `onMs`, then silence for `offMs`. */
export interface ToneBurst {
  readonly frequencies: readonly number[];
  readonly onMs: number;
  readonly offMs: number;
}

export interface TonePattern {
  readonly bursts: readonly ToneBurst[];
  /** Repeat the bursts until stopped; otherwise play them once and stop. */
  readonly repeat: boolean;
}

/** A double ring (two short bursts of 400 + 450 Hz, then a pause), distinct from the desk's other sounds. */
export const RINGTONE: TonePattern = {
  bursts: [
    { frequencies: [400, 450], onMs: 400, offMs: 200 },
    { frequencies: [400, 450], onMs: 400, offMs: 2_000 },
  ],
  repeat: true,
};

/** One second of 440 Hz: what "Play test tone" plays on the speaker. */
export const TEST_TONE: TonePattern = {
  bursts: [{ frequencies: [440], onMs: 1_000, offMs: 0 }],
  repeat: false,
};

/** Length of one round of the pattern, in ms. */
export function patternLengthMs(pattern: TonePattern): number {
  return pattern.bursts.reduce((total, burst) => total + burst.onMs + burst.offMs, 0);
}

export interface PlayingTone {
  /** Resolves when a pattern that does not repeat has played, or when stopped. */
  readonly done: Promise<void>;
  stop(): void;
}

export interface TonePlayerDeps {
  readonly createAudioContext: () => AudioContext;
  /** Where the tone's <audio> element lives while it plays. */
  readonly parent: HTMLElement;
}

type SinkableAudio = HTMLAudioElement & { setSinkId?: (sinkId: string) => Promise<void> };

/**
 * Plays `pattern` on `sinkId` (null: the default output). `name` marks the element (`data-tandem-sound`)
 * so that tests can find it. Rejects when the output cannot be chosen; nothing keeps playing then.
 */
export async function playTone(
  pattern: TonePattern,
  sinkId: string | null,
  name: string,
  deps: TonePlayerDeps,
): Promise<PlayingTone> {
  const context = deps.createAudioContext();
  const destination = context.createMediaStreamDestination();
  const gain = context.createGain();
  gain.gain.value = 0;
  gain.connect(destination);
  const oscillators = [...new Set(pattern.bursts.flatMap((burst) => burst.frequencies))].map((frequency) => {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    const level = context.createGain();
    level.gain.value = 0.2;
    oscillator.connect(level).connect(gain);
    oscillator.start();
    return oscillator;
  });
  const audio: SinkableAudio = document.createElement('audio');
  audio.dataset['tandemSound'] = name;
  audio.srcObject = destination.stream;

  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    for (const oscillator of oscillators) oscillator.stop();
    audio.pause();
    audio.srcObject = null;
    audio.remove();
    void context.close().catch(() => undefined);
    finish();
  };

  /** Schedules one round of the pattern from now on the context's clock, then the next one. */
  const round = () => {
    let at = context.currentTime;
    for (const burst of pattern.bursts) {
      gain.gain.setValueAtTime(1, at);
      at += burst.onMs / 1000;
      gain.gain.setValueAtTime(0, at);
      at += burst.offMs / 1000;
    }
    timer = setTimeout(pattern.repeat ? round : stop, patternLengthMs(pattern));
  };

  try {
    if (sinkId !== null) {
      if (!audio.setSinkId) throw new TypeError('this browser cannot choose an audio output');
      await audio.setSinkId(sinkId);
    }
    deps.parent.append(audio);
    await context.resume();
    await audio.play();
  } catch (error) {
    stop();
    throw error;
  }
  if (!stopped) round();
  return { done, stop };
}
