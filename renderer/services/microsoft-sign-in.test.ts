import { describe, expect, it } from 'vitest';
import { collectMicrosoftSignIn, microsoftReturnOf, microsoftSignInOffered } from './microsoft-sign-in.js';

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
