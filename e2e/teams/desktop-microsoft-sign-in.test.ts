/**
 * The desktop app's Microsoft sign-in (electron/microsoft-sign-in.node.ts) run in Node against the fake
 * identity platform: MSAL is pointed at the fake with knownAuthorities, authority and cloud discovery metadata
 * and a network client that trusts the test CA, so nothing asks Microsoft. The "system browser" is an HTTP
 * client that follows the authorize redirect to MSAL's loopback listener. The token cache goes through the
 * real SafeStorageSecretStore with a stand-in for the OS key store, and the ID token is checked by Tandem's
 * own validator.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INetworkModule, NetworkRequestOptions } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/logger.std.js';
import { DesktopMicrosoftSignIn } from '../../electron/microsoft-sign-in.node.js';
import { SafeStorageSecretStore, type Encryptor } from '../../electron/safe-storage-secret-store.node.js';
import { HttpsTransport } from '../../server/teams/graph/https-request.js';
import { EntraTokenValidator } from '../../server/teams/identity/entra-token-validator.js';
import {
  FAKE_APP,
  startFakeMicrosoft,
  type FakeMicrosoft,
} from '../support/fake-microsoft/fake-microsoft.js';

let microsoft: FakeMicrosoft;

beforeAll(async () => {
  microsoft = await startFakeMicrosoft();
  microsoft.identity.userSignIn.account = {
    oid: '00000000-0000-4000-8000-0000000a11ce',
    tenantId: FAKE_APP.tenantId,
    userPrincipalName: 'alice@contoso.example',
    name: 'Alice Example',
  };
});

afterAll(async () => {
  await microsoft?.close();
});

/** Stands in for the OS key store behind Electron's safeStorage: AES-GCM with a key only this test holds. */
function keyStore(available = true): Encryptor {
  const key = randomBytes(32);
  return {
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptStringAsync: async (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptStringAsync: async (encrypted) => {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      const text = Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]);
      return { result: text.toString('utf8'), shouldReEncrypt: false };
    },
  };
}

/** MSAL's network hook over node:https, trusting the test CA. */
function testCaNetwork(): INetworkModule {
  const transport = new HttpsTransport(microsoft.certificates.caPem);
  const send = async (method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions) => {
    const answer = await transport.send({
      url,
      method,
      headers: options?.headers,
      body: method === 'POST' ? (options?.body ?? '') : undefined,
      timeoutMs: 5_000,
    });
    return { status: answer.status, headers: answer.headers, body: JSON.parse(answer.body) as never };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** One request, redirects not followed; `localhost` is dialled as 127.0.0.1 (loopback only). */
function send(
  url: string,
  form?: Record<string, string>,
): Promise<{ status: number; location: string | null; body: string }> {
  const target = new URL(url);
  if (target.hostname === 'localhost') target.hostname = '127.0.0.1';
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: form ? 'POST' : 'GET',
        headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
        ca: microsoft.certificates.caPem,
        timeout: 5_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location ?? null,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The system browser: the authorize page (already signed in) answers with a self-submitting form
 * (`response_mode=form_post`, which MSAL Node asks for); the browser posts it to MSAL's loopback listener.
 */
const browser = { opened: [] as string[] };
async function openBrowser(url: string): Promise<void> {
  browser.opened.push(url);
  const page = await send(url);
  const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1];
  if (!action) throw new Error(`the authorize page had no form: ${page.status} ${page.body}`);
  const fields = Object.fromEntries(
    [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  );
  void send(action.replaceAll('&#38;', '&'), fields).catch(() => undefined);
}

function desktopSignIn(directory: string, encryptor = keyStore()) {
  const secrets = new SafeStorageSecretStore({
    encryptor,
    platform: 'linux',
    directory,
    logger: silentLogger,
  });
  const authority = microsoft.identity.msalAuthorityOptions('organizations');
  return {
    secrets,
    signIn: new DesktopMicrosoftSignIn({
      clientId: FAKE_APP.clientId,
      secrets,
      openBrowser,
      logger: silentLogger,
      networkClient: testCaNetwork(),
      ...authority,
    }),
  };
}

describe('Microsoft sign-in in the desktop app', () => {
  it('signs in in the system browser with PKCE and a loopback redirect, and Tandem accepts the ID token', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tandem-desktop-'));
    const { signIn } = desktopSignIn(directory);
    const tokens = await signIn.signIn();
    expect(tokens.username).toBe('alice@contoso.example');

    const authorize = new URL(browser.opened.at(-1)!);
    expect(authorize.pathname).toBe('/organizations/oauth2/v2.0/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(new URL(authorize.searchParams.get('redirect_uri')!).hostname).toBe('localhost');
    const redeemed = microsoft.identity.userSignIn.tokenRequests.at(-1);
    expect(redeemed).toMatchObject({ grantType: 'authorization_code', withSecret: false, granted: true });

    const transport = new HttpsTransport(microsoft.certificates.caPem);
    const validator = new EntraTokenValidator({
      clientId: FAKE_APP.clientId,
      tenants: [FAKE_APP.tenantId],
      authority: microsoft.identity.origin,
      clockSkewSeconds: 60,
      fetchJson: async (url) =>
        JSON.parse((await transport.send({ url, method: 'GET', timeoutMs: 5_000 })).body),
    });
    expect(await validator.validate(tokens.idToken)).toMatchObject({
      objectId: '00000000-0000-4000-8000-0000000a11ce',
      userPrincipalName: 'alice@contoso.example',
    });

    // The cache is on disk only as ciphertext.
    const onDisk = readFileSync(join(directory, 'secrets.json'), 'utf8');
    expect(onDisk).toContain('microsoft-token-cache');
    expect(onDisk).not.toContain(tokens.idToken.split('.')[1]!);
    expect(onDisk).not.toMatch(/RefreshToken|refresh_token|alice@contoso/i);
    // And it is read back: a silent request is answered from it, without the browser.
    const opened = browser.opened.length;
    expect((await signIn.token())?.idToken).toBe(tokens.idToken);
    expect(browser.opened).toHaveLength(opened);
  });

  it('refreshes silently from the encrypted cache after a restart, and forgets the account at sign-out', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tandem-desktop-'));
    const encryptor = keyStore();
    await desktopSignIn(directory, encryptor).signIn.signIn();
    const opened = browser.opened.length;

    const restarted = desktopSignIn(directory, encryptor);
    const before = microsoft.identity.userSignIn.tokenRequests.length;
    const refreshed = await restarted.signIn.token({ forceRefresh: true });
    expect(refreshed?.username).toBe('alice@contoso.example');
    expect(microsoft.identity.userSignIn.tokenRequests.slice(before)).toEqual([
      expect.objectContaining({ grantType: 'refresh_token', granted: true }),
    ]);
    expect(browser.opened).toHaveLength(opened); // no browser this time

    await restarted.signIn.signOut();
    expect(await restarted.signIn.token()).toBeNull();
    expect(await restarted.secrets.get('microsoft-token-cache')).toBeNull();
  });

  it('keeps the cache in memory only when the computer has no key store', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tandem-desktop-'));
    const { signIn, secrets } = desktopSignIn(directory, keyStore(false));
    await signIn.signIn();
    expect(await secrets.get('microsoft-token-cache')).toBeNull();
    expect((await signIn.token({ forceRefresh: false }))?.username).toBe('alice@contoso.example');
  });
});
