/**
 * The microphone level meter of the device settings: the chosen microphone through a WebAudio analyser,
 * read about ten times a second and reported as 0..1 on a decibel scale (-60 dBFS and below is 0, full
 * scale is 1), the way level meters in calling apps move.
 */

/** Root mean square of samples in -1..1. */
export function rmsOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

const FLOOR_DB = -60;

/** 0..1 for the meter: linear in decibels from -60 dBFS (0) to 0 dBFS (1). */
export function meterLevel(rms: number): number {
  if (!(rms > 0)) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}

export interface LevelMeterDeps {
  readonly getUserMedia: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  readonly createAudioContext: () => AudioContext;
  readonly onLevel: (level: number | null) => void;
  readonly intervalMs?: number;
}

/**
 * Starts measuring `microphoneId` (null: the default); the returned function stops it and releases the
 * microphone, also when called before the microphone opened. Rejects when the microphone cannot be opened.
 */
export async function startLevelMeter(
  microphoneId: string | null,
  deps: LevelMeterDeps,
): Promise<() => void> {
  let stopped = false;
  const stream = await deps.getUserMedia({
    audio: microphoneId === null ? true : { deviceId: { exact: microphoneId } },
    video: false,
  });
  const context = deps.createAudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    deps.onLevel(meterLevel(rmsOf(samples)));
  }, deps.intervalMs ?? 100);
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    for (const track of stream.getTracks()) track.stop();
    void context.close().catch(() => undefined);
    deps.onLevel(null);
  };
}
