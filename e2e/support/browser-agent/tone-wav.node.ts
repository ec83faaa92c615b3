/**
 * A known sound for Chromium's fake microphone: a sine tone as a 16-bit mono PCM WAV file, which Chromium
 * plays in a loop as the microphone with `--use-file-for-fake-audio-capture=<file>`. Without the flag the fake
 * microphone beeps briefly twice a second; a steady tone makes "the other side hears us" a steady signal.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tone {
  readonly frequencyHz: number;
  /** Peak amplitude, 0..1 of full scale. */
  readonly amplitude: number;
  readonly seconds: number;
  readonly sampleRate: number;
}

/** 440 Hz at -12 dBFS for 2 s, 48 kHz: a whole number of periods, so the loop has no click. */
export const defaultTone: Tone = { frequencyHz: 440, amplitude: 0.25, seconds: 2, sampleRate: 48_000 };

/** A RIFF/WAVE file: the 44-byte canonical header, then little-endian 16-bit samples. */
export function toneWav(tone: Tone = defaultTone): Buffer {
  const samples = Math.round(tone.seconds * tone.sampleRate);
  const dataBytes = samples * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(tone.sampleRate, 24);
  wav.writeUInt32LE(tone.sampleRate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // bytes per frame
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let index = 0; index < samples; index += 1) {
    const value = tone.amplitude * Math.sin((2 * Math.PI * tone.frequencyHz * index) / tone.sampleRate);
    wav.writeInt16LE(Math.round(value * 32_767), 44 + index * 2);
  }
  return wav;
}

/**
 * The tone as a file, written once per machine (synchronously: browser launch options are read before any
 * test runs). The name says what is in it, so different tones never collide.
 */
export function toneFile(tone: Tone = defaultTone): string {
  const directory = join(tmpdir(), 'tandem-e2e-audio');
  const file = join(
    directory,
    `tone-${tone.frequencyHz}hz-${tone.amplitude}-${tone.seconds}s-${tone.sampleRate}.wav`,
  );
  if (!existsSync(file)) {
    mkdirSync(directory, { recursive: true });
    // Written aside and renamed, so that a concurrent reader never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, toneWav(tone));
    renameSync(partial, file);
  }
  return file;
}
