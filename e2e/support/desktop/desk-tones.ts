/**
 * Which tones a desk hears, not only that it hears something: the remote audio of the desk's newest open
 * peer connection is fed through Web Audio (an AnalyserNode) for a while, and the level at each asked
 * frequency is reported in dBFS, next to the level of the spectrum's quiet part (its median).
 *
 * The journeys' voices are tones: Chromium's fake microphone plays 440 Hz (every agent), the trunk caller
 * 1 kHz. In a conference the mixer sends each party everyone but itself, so an agent hearing 440 Hz hears
 * the other agent, and 1 kHz is the caller.
 *
 * Needs recordPeerConnections (peer-connection-probe.ts) before the page loaded.
 */
import type { Page } from '@playwright/test';

export interface DeskTones {
  /** Level at each asked frequency (the loudest bin within 15 Hz of it), dBFS averaged over the window. */
  readonly levels: Readonly<Record<number, number>>;
  /** The median bin's level: what "nothing there" measures on this connection. */
  readonly floor: number;
  /** How many spectra were averaged (0: no open connection with an audio track). */
  readonly spectra: number;
}

/** A tone counts as heard this far above the floor; measured levels are 50 dB and more above it. */
export const HEARD_ABOVE_FLOOR_DB = 25;

/** Listens to the desk for `ms` and measures `frequencies` (Hz) in what it receives. */
export function listenToDesk(page: Page, frequencies: readonly number[], ms = 1_000): Promise<DeskTones> {
  return page.evaluate(
    async ({ frequencies, ms }) => {
      const all =
        (window as unknown as { __deskPeerConnections?: RTCPeerConnection[] }).__deskPeerConnections ?? [];
      const open = [...all].reverse().find((connection) => connection.connectionState !== 'closed');
      const track = open
        ?.getReceivers()
        .map((receiver) => receiver.track)
        .find((candidate) => candidate.kind === 'audio' && candidate.readyState === 'live');
      if (!track) return { levels: {}, floor: -Infinity, spectra: 0 };
      const context = new AudioContext();
      try {
        await context.resume();
        const analyser = context.createAnalyser();
        analyser.fftSize = 4096;
        analyser.smoothingTimeConstant = 0;
        context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
        const bins = new Float32Array(analyser.frequencyBinCount);
        const power = new Float64Array(analyser.frequencyBinCount);
        let spectra = 0;
        const deadline = performance.now() + ms;
        // Skip the first 100 ms: the analyser starts from silence.
        await new Promise((resolve) => setTimeout(resolve, 100));
        while (performance.now() < deadline) {
          analyser.getFloatFrequencyData(bins);
          for (let index = 0; index < bins.length; index += 1) power[index]! += 10 ** (bins[index]! / 10);
          spectra += 1;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const decibels = Array.from(power, (sum) => 10 * Math.log10(Math.max(sum / spectra, 1e-20)));
        const hzPerBin = context.sampleRate / analyser.fftSize;
        const levels: Record<number, number> = {};
        for (const frequency of frequencies) {
          const from = Math.max(0, Math.floor((frequency - 15) / hzPerBin));
          const to = Math.min(decibels.length - 1, Math.ceil((frequency + 15) / hzPerBin));
          levels[frequency] = Math.round(Math.max(...decibels.slice(from, to + 1)));
        }
        const sorted = [...decibels].sort((a, b) => a - b);
        return { levels, floor: Math.round(sorted[Math.floor(sorted.length / 2)]!), spectra };
      } finally {
        await context.close();
      }
    },
    { frequencies: [...frequencies], ms },
  );
}

/** Whether `tones` has `frequency` clearly above its floor. */
export function hearsTone(tones: DeskTones, frequency: number): boolean {
  const level = tones.levels[frequency];
  return tones.spectra > 0 && level !== undefined && level - tones.floor >= HEARD_ABOVE_FLOOR_DB;
}

/** The tones among `frequencies` that the desk hears now, e.g. `[440, 1000]`; for `expect.poll`. */
export async function tonesHeardOnDesk(
  page: Page,
  frequencies: readonly number[],
  ms = 1_000,
): Promise<number[]> {
  const tones = await listenToDesk(page, frequencies, ms);
  return frequencies.filter((frequency) => hearsTone(tones, frequency));
}
