import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

let temporaryFileCounter = 0;

/**
 * Replaces `filePath` with `contents` so that a reader (or the next start after a crash) sees either the old
 * file or the new one, never half of one: write a temporary file beside it, flush it to the disk, rename it
 * over the old one (rename within one folder is atomic on every platform Tandem runs on). The file is readable
 * by its owner only.
 */
export async function writeFileAtomically(filePath: string, contents: string): Promise<void> {
  await mkdir(dirname(filePath), { recursive: true });
  temporaryFileCounter += 1;
  const temporaryPath = `${filePath}.${process.pid}.${temporaryFileCounter}.tmp`;
  try {
    const handle = await open(temporaryPath, 'w', 0o600);
    try {
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, filePath);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
}

/** Runs writes one after the other, so two quick changes cannot overtake each other on the disk. */
export class WriteQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<Value>(write: () => Promise<Value>): Promise<Value> {
    const next = this.#tail.then(write);
    this.#tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every write queued so far has finished (or failed); never rejects. */
  async idle(): Promise<void> {
    let tail: Promise<unknown>;
    do {
      tail = this.#tail;
      await tail;
    } while (tail !== this.#tail);
  }
}
