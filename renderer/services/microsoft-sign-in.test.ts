import { describe, expect, it } from 'vitest';
import {
  collectMicrosoftSignIn,
  endMicrosoftSession,
  microsoftClientConfig,
  microsoftProblemOf,
  microsoftReturnOf,
  microsoftSignInForm,
  microsoftSignInOffered,
} from './microsoft-sign-in.js';
import {
  microsoftBridgeOf,
  MicrosoftSignInRefusedError,
  signInThroughDesktop,
  type MicrosoftBridge,
} from './microsoft-sign-in-desktop.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('Microsoft sign-in in the browser', () => {
  it('reads what the server put in the fragment, and nothing else', () => {
    expect(microsoftReturnOf('#microsoft-sign-in=abcdefghijklmnop_-12')).toEqual({
      kind: 'ticket',
      ticket: 'abcdefghijklmnop_-12',
    });
    expect(microsoftReturnOf('#microsoft-sign-in-error=no-agent')).toEqual({
      kind: 'error',
      code: 'no-agent',
    });
    expect(microsoftReturnOf('#microsoft-sign-in-error=<script>')).toEqual({ kind: 'error', code: 'failed' });
    expect(microsoftReturnOf('#microsoft-sign-in=short')).toBeNull();
    expect(microsoftReturnOf('')).toBeNull();
  });

  it('shows the button only when the server says so', async () => {
    expect(await microsoftSignInOffered('http://s', async () => json(200, { microsoftSignIn: true }))).toBe(
      true,
    );
    expect(await microsoftSignInOffered('http://s', async () => json(200, { sipDomain: 'x' }))).toBe(false);
    expect(await microsoftSignInOffered('http://s', async () => json(500, {}))).toBe(false);
    expect(
      await microsoftSignInOffered('http://s', async () => {
        throw new TypeError('offline');
      }),
    ).toBe(false);
  });

  it('exchanges the ticket for credentials, or says why not', async () => {
    await expect(
      collectMicrosoftSignIn('http://s', 't', async () => json(200, { username: 'alice', password: 'p' })),
    ).resolves.toEqual({ username: 'alice', password: 'p' });
    await expect(
      collectMicrosoftSignIn('http://s', 't', async () => json(403, { error: 'no-agent' })),
    ).rejects.toThrow('no-agent');
  });
});

describe('the end of a Microsoft session', () => {
  it('revokes the issued credentials at sign-out, then forgets the desktop account, once', async () => {
    const calls: string[] = [];
    const fetch = async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url} ${new Headers(init.headers).get('authorization')}`);
      return json(200, { revoked: 1 });
    };
    const forget = async () => void calls.push('forget');
    const form = microsoftSignInForm(
      'http://s',
      'ws://s:5066',
      { username: 'alice', password: 'pw' },
      fetch,
      forget,
    );
    expect(form).toMatchObject({
      server: 'http://s',
      sipServer: 'ws://s:5066',
      username: 'alice',
      password: 'pw',
    });
    await form.endSession?.();
    await form.endSession?.();
    expect(calls).toEqual([
      `DELETE http://s/api/sign-in/microsoft/session Basic ${btoa('alice:pw')}`,
      'forget',
    ]);
  });

  it('forgets the desktop account even when the server cannot be told', async () => {
    let forgotten = false;
    const form = microsoftSignInForm(
      'http://s',
      'ws://s:5066',
      { username: 'alice', password: 'pw' },
      async () => {
        throw new TypeError('offline');
      },
      async () => void (forgotten = true),
    );
    await form.endSession?.();
    expect(forgotten).toBe(true);
    await expect(
      endMicrosoftSession('http://s', { username: 'a', password: 'b' }, async () => json(500, {})),
    ).rejects.toThrow('HTTP 500');
    await expect(
      endMicrosoftSession('http://s', { username: 'a', password: 'b' }, async () => json(401, {})),
    ).resolves.toBeUndefined();
  });

  it('finds the SIP WebSocket in the client configuration', async () => {
    const config = (body: unknown) => async () => json(200, body);
    expect(
      await microsoftClientConfig(
        'http://127.0.0.1:8080',
        config({ microsoftSignIn: true, sipWebSocket: { ws: 5066, wss: 5067 } }),
      ),
    ).toEqual({ offered: true, sipServer: 'ws://127.0.0.1:5066' });
    expect(
      await microsoftClientConfig(
        'https://tandem.example',
        config({ sipWebSocket: { ws: 5066, wss: 5067 } }),
      ),
    ).toEqual({ offered: false, sipServer: 'wss://tandem.example:5067' });
    expect(
      await microsoftClientConfig(
        'http://127.0.0.1:8080',
        config({ microsoftSignIn: true, sipWebSocket: { ws: null, wss: 5067 } }),
      ),
    ).toEqual({ offered: true, sipServer: 'wss://127.0.0.1:5067' });
    expect(await microsoftClientConfig('http://127.0.0.1:8080', async () => json(500, {}))).toEqual({
      offered: false,
      sipServer: 'ws://127.0.0.1:8088',
    });
  });

  it('explains the reasons a person can act on, and the rest in general words', () => {
    expect(microsoftProblemOf('no-agent')).toBe('no-agent');
    expect(microsoftProblemOf('agent-disabled')).toBe('agent-disabled');
    expect(microsoftProblemOf('denied')).toBe('denied');
    expect(microsoftProblemOf('expired-sign-in')).toBe('expired');
    expect(microsoftProblemOf('timed-out')).toBe('expired');
    expect(microsoftProblemOf('identity-platform')).toBe('unreachable');
    expect(microsoftProblemOf('token-rejected')).toBe('failed');
    expect(microsoftProblemOf('<script>')).toBe('failed');
  });
});

describe('Microsoft sign-in in the desktop app, page side', () => {
  it('finds the bridge only where the desktop app offers it', () => {
    const microsoft = { signIn: async () => ({}), signOut: async () => ({}) };
    expect(microsoftBridgeOf({ tandem: { microsoft } })).not.toBeNull();
    expect(microsoftBridgeOf({ tandem: { history: {} } })).toBeNull();
    expect(microsoftBridgeOf({})).toBeNull();
  });

  it('hands over the credentials, or the refusal with its code', async () => {
    const bridgeAnswering = (value: unknown) =>
      ({
        microsoft: { signIn: async () => value, signOut: async () => ({ ok: true, value: null }) },
      }) as unknown as MicrosoftBridge;
    await expect(
      signInThroughDesktop(
        bridgeAnswering({
          ok: true,
          value: { kind: 'signed-in', username: 'alice', password: 'pw', displayName: null, expiresAt: '' },
        }),
      ),
    ).resolves.toEqual({ username: 'alice', password: 'pw' });
    await expect(
      signInThroughDesktop(
        bridgeAnswering({ ok: true, value: { kind: 'refused', code: 'no-agent', message: 'm' } }),
      ),
    ).rejects.toMatchObject({ code: 'no-agent' });
    await expect(
      signInThroughDesktop(bridgeAnswering({ ok: false, error: { code: 'forbidden', message: 'no' } })),
    ).rejects.toBeInstanceOf(MicrosoftSignInRefusedError);
  });
});
