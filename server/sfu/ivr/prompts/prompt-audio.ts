/**
 * Prompt audio, made on this machine and never downloaded (TESTING.md): Debian's `espeak-ng`
 * speaks the text, `sox` turns it into what the IVR endpoint sends, raw G.711 µ-law at 8 kHz mono
 * (`.ul`), normalised to -6 dBFS with the silence around the speech trimmed, so that clips
 * ("you are caller number" + "three") follow each other without long pauses.
 *
 * Each prompt is made once: its file is named by a hash of the generator's version, the voice and
 * the text, under `<dataDir>/media/prompts/`, and written atomically (temporary file, rename), so
 * that a second start-up, or a second process, finds it there. Where espeak-ng cannot be run the
 * prompt is a stand-in: a short two-note chime per clip, made in code, in a file marked
 * `.stand-in.ul`, and `standIn` says so (and a warning is logged once).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from '../../../shared/logger.js';
import { encodeMulaw } from '../../mixer/g711.js';

/** Bump when the way prompts are made changes: every prompt is made again. */
const GENERATOR_VERSION = 1;
const SAMPLE_RATE = 8000;
const MAX_TEXT_LENGTH = 500;
const TOOL_TIMEOUT_MS = 20_000;
const VOICE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*(\+[a-z0-9]+)?$/i;

export interface PromptRequest {
  readonly text: string;
  /** An espeak-ng voice, e.g. `en-us`. */
  readonly voice: string;
}

export interface PromptFile {
  readonly path: string;
  /** True when espeak-ng was not available and a chime stands in for the words. */
  readonly standIn: boolean;
}

export class PromptAudioError extends Error {
  override name = 'PromptAudioError';
}

export function checkPromptRequest(request: PromptRequest): void {
  if (typeof request.text !== 'string' || request.text.trim() === '') {
    throw new TypeError('a prompt needs a text');
  }
  if (request.text.length > MAX_TEXT_LENGTH) {
    throw new TypeError(`a prompt's text is at most ${MAX_TEXT_LENGTH} characters`);
  }
  if (!VOICE.test(request.voice))
    throw new TypeError(`not an espeak-ng voice name: ${JSON.stringify(request.voice)}`);
}

/** The file name of a prompt: the same text and voice always give the same name. */
export function promptHash(request: PromptRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([GENERATOR_VERSION, request.voice, request.text.trim()]))
    .digest('hex')
    .slice(0, 32);
}

export function promptDirectory(dataDir: string): string {
  return resolve(dataDir, 'media', 'prompts');
}

/** Runs a tool with text on its standard input; rejects with its stderr when it fails. */
function runTool(command: string, args: readonly string[], input = ''): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TOOL_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new PromptAudioError(`${command} failed (${signal ?? code}): ${stderr.trim()}`));
    });
    child.stdin.on('error', () => {}); // a tool that exits early closes its input: its exit code tells
    child.stdin.end(input);
  });
}

async function speak(request: PromptRequest, target: string, command: string): Promise<void> {
  const wav = `${target}.wav`;
  try {
    await runTool(command, ['-v', request.voice, '-w', wav, '--stdin'], request.text.trim());
    await runTool('sox', [
      wav,
      ...['-r', String(SAMPLE_RATE), '-c', '1', '-t', 'ul', target],
      ...['gain', '-n', '-6'],
      // Trim silence at the start, then (reversed) at the end; keep 50 ms either side.
      ...['silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse'],
      ...['pad', '0.05', '0.05'],
    ]);
  } finally {
    await rm(wav, { force: true });
  }
  if ((await stat(target)).size < SAMPLE_RATE / 10) {
    throw new PromptAudioError(`espeak-ng made no audio for ${JSON.stringify(request.text)}`);
  }
}

/** The stand-in for a prompt: two soft notes (G5 then C5), 0.35 s, as µ-law. */
export function standInChime(): Uint8Array {
  const notes = [784, 523];
  const noteSamples = Math.round(0.15 * SAMPLE_RATE);
  const gap = Math.round(0.05 * SAMPLE_RATE);
  const out = new Uint8Array(notes.length * noteSamples + gap).fill(encodeMulaw(0));
  notes.forEach((hz, note) => {
    for (let n = 0; n < noteSamples; n += 1) {
      const envelope = Math.min(1, n / 80, (noteSamples - n) / 400);
      const value = 8000 * envelope * Math.sin((2 * Math.PI * hz * n) / SAMPLE_RATE);
      out[note * (noteSamples + gap) + n] = encodeMulaw(Math.round(value));
    }
  });
  return out;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isFile() && found.size > 0,
    () => false,
  );
}

export interface PromptMakerOptions {
  dataDir: string;
  logger: Logger;
  /** Test seam: the text-to-speech command (default `espeak-ng`). */
  speechCommand?: string;
}

/**
 * Makes prompt files on demand and remembers what it made; one per process is enough. The same
 * prompt asked for twice at once is made once.
 */
export class PromptMaker {
  private readonly directory: string;
  private readonly making = new Map<string, Promise<PromptFile>>();
  private speechMissing = false;

  constructor(private readonly options: PromptMakerOptions) {
    this.directory = promptDirectory(options.dataDir);
  }

  /** The prompt's file, made first when it is not there yet. */
  ensure(request: PromptRequest): Promise<PromptFile> {
    checkPromptRequest(request);
    const hash = promptHash(request);
    let pending = this.making.get(hash);
    if (!pending) {
      pending = this.make(request, hash);
      this.making.set(hash, pending);
      // A failure is not remembered: the next request tries again.
      pending.catch(() => this.making.delete(hash));
    }
    return pending;
  }

  /** The µ-law bytes of a prompt, made first when needed. */
  async load(request: PromptRequest): Promise<{ audio: Uint8Array; standIn: boolean }> {
    const file = await this.ensure(request);
    return { audio: new Uint8Array(await readFile(file.path)), standIn: file.standIn };
  }

  private async make(request: PromptRequest, hash: string): Promise<PromptFile> {
    const spoken = join(this.directory, `${hash}.ul`);
    if (await exists(spoken)) return { path: spoken, standIn: false };
    await mkdir(this.directory, { recursive: true });
    if (!this.speechMissing) {
      const temporary = `${spoken}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        await speak(request, temporary, this.options.speechCommand ?? 'espeak-ng');
        await rename(temporary, spoken);
        return { path: spoken, standIn: false };
      } catch (error) {
        await rm(temporary, { force: true });
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        this.speechMissing = true;
        this.options.logger.warn(
          'espeak-ng or sox is not installed: IVR prompts are chimes standing in for speech (install espeak-ng and sox)',
        );
      }
    }
    const standIn = join(this.directory, `${hash}.stand-in.ul`);
    if (!(await exists(standIn))) {
      const temporary = `${standIn}.${process.pid}.tmp`;
      await writeFile(temporary, standInChime());
      await rename(temporary, standIn);
    }
    return { path: standIn, standIn: true };
  }
}
