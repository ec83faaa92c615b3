/**
 * Prompts spoken by the real espeak-ng and converted by the real sox (both Debian packages that
 * scripts/bootstrap.mjs installs): the file is µ-law speech at 8 kHz, made once, and found again.
 */
import { mkdtempSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRootLogger } from '../../../shared/logger.js';
import { decodeMulaw } from '../../mixer/g711.js';
import { PromptMaker, promptHash, standInChime } from './prompt-audio.js';

const logger = createRootLogger({ level: 'silent' });
const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

function maker(options: { speechCommand?: string } = {}): PromptMaker {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-prompts-'));
  directories.push(dataDir);
  return new PromptMaker({ dataDir, logger, ...options });
}

function rms(audio: Uint8Array): number {
  let sum = 0;
  for (const code of audio) sum += decodeMulaw(code) ** 2;
  return Math.sqrt(sum / Math.max(1, audio.length));
}

describe('prompt audio', () => {
  it('speaks a prompt into an 8 kHz µ-law file with speech in it', async () => {
    const prompts = maker();
    const { audio, standIn } = await prompts.load({ text: 'For sales, press 1.', voice: 'en-us' });
    expect(standIn).toBe(false);
    // About a second and a half of speech at 8000 bytes a second.
    expect(audio.length).toBeGreaterThan(8000 * 0.8);
    expect(audio.length).toBeLessThan(8000 * 4);
    expect(rms(audio)).toBeGreaterThan(1500);
    // The trimmed edges are quiet; the middle is not.
    expect(rms(audio.subarray(0, 200))).toBeLessThan(rms(audio.subarray(2000, 6000)));
  });

  it('makes each prompt once, also when asked twice at once, and names it by voice and text', async () => {
    const prompts = maker();
    const request = { text: 'Thank you for calling.', voice: 'en-us' };
    const [first, second] = await Promise.all([prompts.ensure(request), prompts.ensure(request)]);
    expect(second).toBe(first);
    expect(first.path).toMatch(new RegExp(`${promptHash(request)}\\.ul$`));
    const made = (await stat(first.path)).mtimeMs;
    // A new maker (the next start-up) finds the file and does not make it again.
    const again = await new PromptMaker({ dataDir: join(first.path, '../../..'), logger }).ensure(request);
    expect(again.path).toBe(first.path);
    expect((await stat(again.path)).mtimeMs).toBe(made);
    expect(promptHash({ ...request, voice: 'en-gb' })).not.toBe(promptHash(request));
    expect(promptHash({ ...request, text: 'Thank you for calling!' })).not.toBe(promptHash(request));
  });

  it('stands in a chime, marked as such, when espeak-ng cannot be run', async () => {
    const prompts = maker({ speechCommand: 'espeak-ng-is-not-installed' });
    const file = await prompts.ensure({ text: 'Welcome.', voice: 'en-us' });
    expect(file.standIn).toBe(true);
    expect(file.path).toMatch(/\.stand-in\.ul$/);
    const { audio } = await prompts.load({ text: 'Welcome.', voice: 'en-us' });
    expect(audio).toEqual(standInChime());
    expect(rms(audio)).toBeGreaterThan(1000);
  });

  it('refuses a voice that is not a voice name and a prompt with no text', async () => {
    const prompts = maker();
    expect(() => prompts.ensure({ text: 'Hi', voice: '-w /etc/passwd' })).toThrow(TypeError);
    expect(() => prompts.ensure({ text: '  ', voice: 'en-us' })).toThrow(TypeError);
    await expect(prompts.ensure({ text: 'Hello', voice: 'zz-nowhere' })).rejects.toThrow(/espeak-ng failed/);
  });
});
