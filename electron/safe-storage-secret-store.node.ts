import type { SafeStorage } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { WriteQueue, writeFileAtomically } from './atomic-file.node.js';
import type { Logger } from './logger.std.js';
import {
  SecretsUnavailableError,
  secretNameSchema,
  type SecretName,
  type SecretStore,
} from './secret-store.std.js';

/** What the store needs of Electron's `safeStorage` (the asynchronous API; the synchronous one is deprecated). */
export type Encryptor = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export interface SafeStorageSecretStoreOptions {
  encryptor: Encryptor;
  /** `process.platform`: the storage backend is a question only on Linux. */
  platform: string;
  /** Folder of `secrets.json`: Electron's `app.getPath('userData')`. */
  directory: string;
  logger: Logger;
  fileName?: string;
}

const secretsFileSchema = z.object({
  version: z.literal(1),
  /** Name -> ciphertext from `safeStorage`, base64. */
  secrets: z.partialRecord(secretNameSchema, z.string().max(2_000_000)),
});
type SecretsFile = z.output<typeof secretsFileSchema>;

/**
 * Secrets encrypted with the operating system's key store (Electron `safeStorage`: DPAPI on Windows, the
 * Keychain on macOS, Secret Service or KWallet on Linux) and kept as ciphertext in `secrets.json`.
 *
 * On Linux without a key store Chromium falls back to `basic_text`, a key built into the browser: that is
 * plain text with extra steps, so the store reports itself unavailable there instead.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly filePath: string;
  readonly #options: SafeStorageSecretStoreOptions;
  readonly #writes = new WriteQueue();

  constructor(options: SafeStorageSecretStoreOptions) {
    this.#options = options;
    this.filePath = join(options.directory, options.fileName ?? 'secrets.json');
  }

  async isAvailable(): Promise<boolean> {
    if (!(await this.#options.encryptor.isAsyncEncryptionAvailable())) {
      return false;
    }
    if (this.#options.platform === 'linux') {
      const backend = this.#options.encryptor.getSelectedStorageBackend();
      return backend !== 'basic_text' && backend !== 'unknown';
    }
    return true;
  }

  async get(name: SecretName): Promise<string | null> {
    const ciphertext = (await this.#readFile()).secrets[name];
    if (ciphertext === undefined || !(await this.isAvailable())) {
      return null;
    }
    try {
      const { result, shouldReEncrypt } = await this.#options.encryptor.decryptStringAsync(
        Buffer.from(ciphertext, 'base64'),
      );
      if (shouldReEncrypt) {
        await this.set(name, result);
      }
      return result;
    } catch (error) {
      this.#options.logger.warn({ secret: name, err: error }, 'a stored secret could not be decrypted');
      return null;
    }
  }

  set(name: SecretName, value: string): Promise<void> {
    return this.#writes.run(async () => {
      if (!(await this.isAvailable())) {
        throw new SecretsUnavailableError(
          'This computer offers no key store to keep secrets in (on Linux: Secret Service or KWallet).',
        );
      }
      const ciphertext = await this.#options.encryptor.encryptStringAsync(value);
      const file = await this.#readFile();
      await this.#writeFile({ ...file, secrets: { ...file.secrets, [name]: ciphertext.toString('base64') } });
      this.#options.logger.info({ secret: name }, 'secret saved');
    });
  }

  delete(name: SecretName): Promise<void> {
    return this.#writes.run(async () => {
      const file = await this.#readFile();
      if (file.secrets[name] === undefined) {
        return;
      }
      const { [name]: _removed, ...rest } = file.secrets;
      await this.#writeFile({ ...file, secrets: rest });
      this.#options.logger.info({ secret: name }, 'secret deleted');
    });
  }

  /** The file, or an empty one when it is missing or damaged (a damaged file only loses its secrets). */
  async #readFile(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) {
        this.#options.logger.warn({ filePath: this.filePath, err: error }, 'secrets file unreadable');
      }
      return { version: 1, secrets: {} };
    }
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // reported below, like any other damage
    }
    const parsed = secretsFileSchema.safeParse(json);
    if (!parsed.success) {
      this.#options.logger.error(
        { filePath: this.filePath },
        'secrets file damaged; starting without secrets',
      );
      return { version: 1, secrets: {} };
    }
    return parsed.data;
  }

  async #writeFile(file: SecretsFile): Promise<void> {
    await writeFileAtomically(this.filePath, `${JSON.stringify(file, null, 2)}\n`);
  }
}
