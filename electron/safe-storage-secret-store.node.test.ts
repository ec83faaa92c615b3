import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from './logger.std.js';
import { SafeStorageSecretStore, type Encryptor } from './safe-storage-secret-store.node.js';
import { SecretsUnavailableError } from './secret-store.std.js';

type Backend = ReturnType<Encryptor['getSelectedStorageBackend']>;

/**
 * Stands in for Electron's safeStorage: real AES-256-GCM with a key of its own (as the OS key store would hold
 * it), so a test can see that the file holds no plain text and that another key cannot read it.
 */
function fakeSafeStorage(options: { available?: boolean; backend?: Backend; key?: Buffer } = {}) {
  const state = {
    available: options.available ?? true,
    backend: options.backend ?? 'gnome_libsecret',
    reEncrypt: false,
  };
  const key = options.key ?? randomBytes(32);
  const encryptor: Encryptor = {
    isAsyncEncryptionAvailable: async () => state.available,
    getSelectedStorageBackend: () => state.backend,
    encryptStringAsync: async (plainText) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptStringAsync: async (encrypted) => {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      const text = Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString(
        'utf8',
      );
      return { result: text, shouldReEncrypt: state.reEncrypt };
    },
  };
  return { encryptor, state, key };
}

describe('SafeStorageSecretStore', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'tandem-secrets-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const storeWith = (encryptor: Encryptor, platform = 'linux') =>
    new SafeStorageSecretStore({ encryptor, platform, directory, logger: silentLogger });

  it('keeps a secret across restarts, encrypted on the disk and readable by its owner only', async () => {
    const safeStorage = fakeSafeStorage();
    await storeWith(safeStorage.encryptor).set('agent-password', 'correct horse battery staple');
    const afterRestart = storeWith(safeStorage.encryptor);
    expect(await afterRestart.get('agent-password')).toBe('correct horse battery staple');

    const onDisk = await readFile(afterRestart.filePath, 'utf8');
    expect(onDisk).not.toContain('correct horse');
    expect(onDisk).not.toContain(Buffer.from('correct horse battery staple').toString('base64'));
    if (process.platform !== 'win32') {
      expect((await stat(afterRestart.filePath)).mode & 0o777).toBe(0o600);
    }
  });

  it('has nothing for a secret never stored, and forgets a deleted one', async () => {
    const store = storeWith(fakeSafeStorage().encryptor);
    expect(await store.get('microsoft-token-cache')).toBeNull();
    await store.set('microsoft-token-cache', '{"AccessToken":{}}');
    await store.set('agent-password', 'pw');
    await store.delete('microsoft-token-cache');
    await store.delete('microsoft-token-cache');
    expect(await store.get('microsoft-token-cache')).toBeNull();
    expect(await store.get('agent-password')).toBe('pw');
  });

  it('stores nothing when the OS has no key store, rather than storing it weakly', async () => {
    const none = fakeSafeStorage({ available: false });
    const store = storeWith(none.encryptor);
    expect(await store.isAvailable()).toBe(false);
    await expect(store.set('agent-password', 'pw')).rejects.toBeInstanceOf(SecretsUnavailableError);
    expect(await readdir(directory)).toEqual([]);
  });

  it("treats Chromium's built-in basic_text key on Linux as no key store", async () => {
    const basic = fakeSafeStorage({ backend: 'basic_text' });
    expect(await storeWith(basic.encryptor, 'linux').isAvailable()).toBe(false);
    await expect(storeWith(basic.encryptor, 'linux').set('agent-password', 'pw')).rejects.toThrow(
      /Secret Service or KWallet/,
    );
    // Elsewhere the backend question does not arise (Windows DPAPI, macOS Keychain).
    expect(await storeWith(basic.encryptor, 'win32').isAvailable()).toBe(true);
  });

  it('gives null, not an error, when the OS key changed and a secret cannot be decrypted', async () => {
    await storeWith(fakeSafeStorage().encryptor).set('agent-password', 'pw');
    const otherKey = storeWith(fakeSafeStorage().encryptor);
    expect(await otherKey.get('agent-password')).toBeNull();
  });

  it('re-encrypts a secret when the key store asks for it', async () => {
    const safeStorage = fakeSafeStorage();
    const store = storeWith(safeStorage.encryptor);
    await store.set('agent-password', 'pw');
    const before = await readFile(store.filePath, 'utf8');
    safeStorage.state.reEncrypt = true;
    expect(await store.get('agent-password')).toBe('pw');
    expect(await readFile(store.filePath, 'utf8')).not.toBe(before);
  });

  it('starts without secrets when the file is damaged, and can store again', async () => {
    const store = storeWith(fakeSafeStorage().encryptor);
    for (const damage of [
      '{"version": 1, "secrets": ',
      '{"version": 2, "secrets": {}}',
      '[]',
      '{"version":1,"secrets":{"x":"y"}}',
    ]) {
      await writeFile(store.filePath, damage);
      expect(await store.get('agent-password')).toBeNull();
    }
    await store.set('agent-password', 'pw');
    expect(await store.get('agent-password')).toBe('pw');
  });

  it('writes one change after the other, leaving no temporary files', async () => {
    const store = storeWith(fakeSafeStorage().encryptor);
    await Promise.all([
      store.set('agent-password', 'one'),
      store.set('microsoft-token-cache', 'two'),
      store.set('agent-password', 'three'),
    ]);
    expect(await store.get('agent-password')).toBe('three');
    expect(await store.get('microsoft-token-cache')).toBe('two');
    expect(await readdir(directory)).toEqual(['secrets.json']);
  });
});
