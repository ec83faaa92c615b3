import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { WriteQueue, writeFileAtomically } from './atomic-file.node.js';
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
  /**
   * Why the file could not be used, or only in part (it was unreadable, not JSON, or some settings failed
   * validation and were reset to their defaults), else `null`.
   */
  problem: string | null;
}

/**
 * The agent's settings as a small JSON file in the user-data folder.
 *
 * Reading never throws: a missing file means first start, and a damaged one gives the defaults plus a
 * reported problem, because a desktop app that cannot start over a bad settings file cannot be fixed by its
 * user. A file with one bad setting keeps the good ones: a damaged window position must not forget the server.
 *
 * Writing replaces the file atomically (`writeFileAtomically`), one write at a time, so a crash or two quick
 * changes never leave half a file behind.
 */
export class SettingsStore {
  readonly filePath: string;
  readonly #logger: Logger;
  #settings: TandemSettings = defaultSettings;
  readonly #writes = new WriteQueue();

  constructor(options: SettingsStoreOptions) {
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
    return this.#writes.run(async () => {
      const next = tandemSettingsSchema.parse({ ...this.#settings, ...change });
      const file: SettingsFile = { version: 1, ...next };
      await writeFileAtomically(this.filePath, `${JSON.stringify(file, null, 2)}\n`);
      this.#settings = next;
      this.#logger.info({ filePath: this.filePath, changed: Object.keys(change) }, 'settings saved');
      return next;
    });
  }

  /** Resolves when every change asked for so far is on the disk (or failed): wait for it before quitting. */
  flush(): Promise<void> {
    return this.#writes.idle();
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
    if (parsed.success) {
      const { version: _version, ...settings } = parsed.data;
      return { settings, problem: null };
    }
    const problem = `it does not match the expected shape (${z.prettifyError(parsed.error)})`;
    if (!isObject(json) || json['version'] !== 1) {
      return { settings: defaultSettings, problem };
    }
    return { settings: keepValidSettings(json), problem: `${problem}; the other settings were kept` };
  }
}

/** Each setting that passes its own schema, and the default for each that does not. */
function keepValidSettings(file: Record<string, unknown>): TandemSettings {
  const kept: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(tandemSettingsSchema.shape)) {
    const field = (schema as z.ZodType).safeParse(file[name]);
    kept[name] = field.success ? field.data : defaultSettings[name as keyof TandemSettings];
  }
  return tandemSettingsSchema.parse(kept);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissingFileError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
