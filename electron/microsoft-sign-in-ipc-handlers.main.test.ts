import { describe, expect, it, vi } from 'vitest';
import { handleIpcCall, type IpcCallContext, type IpcHandlers } from './ipc-handlers.main.js';
import { silentLogger } from './logger.std.js';
import {
  createMicrosoftSignInIpcHandlers,
  type MicrosoftSignInPort,
} from './microsoft-sign-in-ipc-handlers.main.js';

const page = 'https://tandem.example.com/';

function context(session: MicrosoftSignInPort): IpcCallContext {
  return {
    // Only the Microsoft channels are called here; the others are tested in ipc-handlers.main.test.ts.
    handlers: createMicrosoftSignInIpcHandlers(session) as unknown as IpcHandlers,
    isTrustedSender: (url) => url.startsWith(page),
    logger: silentLogger,
  };
}

function fakeSession() {
  return {
    signIn: vi.fn(async () => ({
      kind: 'signed-in' as const,
      username: 'alice',
      password: 'issued',
      displayName: null,
      expiresAt: '2030-01-01T00:00:00.000Z',
    })),
    signOut: vi.fn(async () => {}),
  } satisfies MicrosoftSignInPort;
}

describe('the Microsoft sign-in channels of the IPC contract', () => {
  it('signs in and out for the Tandem page', async () => {
    const session = fakeSession();
    expect(await handleIpcCall('microsoft:sign-in', page, undefined, context(session))).toEqual({
      ok: true,
      value: {
        kind: 'signed-in',
        username: 'alice',
        password: 'issued',
        displayName: null,
        expiresAt: '2030-01-01T00:00:00.000Z',
      },
    });
    expect(await handleIpcCall('microsoft:sign-out', page, undefined, context(session))).toEqual({
      ok: true,
      value: null,
    });
    expect(session.signOut).toHaveBeenCalledTimes(1);
  });

  it('refuses other pages and unexpected input before the session is asked', async () => {
    const session = fakeSession();
    expect(
      await handleIpcCall('microsoft:sign-in', 'https://evil.example.com/', undefined, context(session)),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await handleIpcCall(
        'microsoft:sign-in',
        page,
        { authority: 'https://evil.example.com' },
        context(session),
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(session.signIn).not.toHaveBeenCalled();
  });

  it('turns a failing sign-out into a result', async () => {
    const session = fakeSession();
    session.signOut.mockRejectedValue(new Error('key store locked'));
    expect(await handleIpcCall('microsoft:sign-out', page, undefined, context(session))).toEqual({
      ok: false,
      error: { code: 'failed', message: 'key store locked' },
    });
  });
});
