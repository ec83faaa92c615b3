import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from './logger.std.js';
import {
  defaultSettings,
  settingsFileSchema,
  tandemSettingsSchema,
  type SettingsFile,
  type TandemSettings,
} from './settings-schema.std.js';

export interface SettingsStoreOptions {
  /** Folder that holds the file: Electron's `app.getPath('userData')`. */
  directory: string;
  logger: Logger;
  fileName?: string;
}

export interface SettingsLoadResult {
  settings: TandemSettings;
  /** Why the file could not be used (it was unreadable, not JSON, or failed validation), else `null`. */
  problem: string | null;
}

/**
 * The agent's settings as a small JSON file in the user-data folder.
 *
 * Reading never throws: a missing file means first start, and a damaged one gives the defaults plus a
 * reported problem, because a desktop app that cannot start over a bad settings file cannot be fixed by its
 * user. Writing replaces the file atomically (write a temporary file, flush it, rename it over the old one), one
 * write at a time, so a crash or two quick changes never leave half a file behind.
 */
export class SettingsStore {
  readonly filePath: string;
  readonly #directory: string;
  readonly #logger: Logger;
  #settings: TandemSettings = defaultSettings;
  #pendingWrite: Promise<unknown> = Promise.resolve();
  #temporaryFileCounter = 0;

  constructor(options: SettingsStoreOptions) {
    this.#directory = options.directory;
    this.filePath = join(options.directory, options.fileName ?? 'settings.json');
    this.#logger = options.logger;
  }

  /** The settings last loaded or saved. */
  get current(): TandemSettings {
    return this.#settings;
  }

  async load(): Promise<SettingsLoadResult> {
    const result = await this.#read();
    this.#settings = result.settings;
    if (result.problem !== null) {
      this.#logger.error({ filePath: this.filePath, problem: result.problem }, 'settings file ignored');
    }
    return result;
  }

  /** Saves `change` over the current settings; rejects (and keeps the old settings) if the write fails. */
  update(change: Partial<TandemSettings>): Promise<TandemSettings> {
    const write = this.#pendingWrite.then(async () => {
      const next = tandemSettingsSchema.parse({ ...this.#settings, ...change });
      const file: SettingsFile = { version: 1, ...next };
      await this.#writeAtomically(`${JSON.stringify(file, null, 2)}\n`);
      this.#settings = next;
      this.#logger.info({ filePath: this.filePath }, 'settings saved');
      return next;
    });
    this.#pendingWrite = write.catch(() => undefined);
    return write;
  }

  async #read(): Promise<SettingsLoadResult> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if (isMissingFileError(error)) {
        return { settings: defaultSettings, problem: null };
      }
      return { settings: defaultSettings, problem: `it could not be read (${describe(error)})` };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { settings: defaultSettings, problem: `it is not valid JSON (${describe(error)})` };
    }
    const parsed = settingsFileSchema.safeParse(json);
    if (!parsed.success) {
      return {
        settings: defaultSettings,
        problem: `it does not match the expected shape (${z.prettifyError(parsed.error)})`,
      };
    }
    const { version: _version, ...settings } = parsed.data;
    return { settings, problem: null };
  }

  async #writeAtomically(contents: string): Promise<void> {
    await mkdir(this.#directory, { recursive: true });
    this.#temporaryFileCounter += 1;
    const temporaryPath = `${this.filePath}.${process.pid}.${this.#temporaryFileCounter}.tmp`;
    try {
      const handle = await open(temporaryPath, 'w', 0o600);
      try {
        await handle.writeFile(contents, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporaryPath, this.filePath);
    } catch (error) {
      await rm(temporaryPath, { force: true });
      throw error;
    }
  }
}

function isMissingFileError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
