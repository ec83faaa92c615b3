import { describe, expect, it, vi } from 'vitest';
import { createTandemBridge } from './tandem-bridge-factory.std.js';

describe('window.tandem.microsoft', () => {
  it('sends sign-in and sign-out to their own channels, with nothing the page could choose', async () => {
    const outcome = { kind: 'refused', code: 'no-agent', message: 'not an agent' };
    const invoke = vi.fn(async (channel: string) =>
      channel === 'microsoft:sign-in' ? { ok: true, value: outcome } : { ok: true, value: null },
    );
    const bridge = createTandemBridge(invoke);
    expect(await bridge.microsoft.signIn()).toEqual({ ok: true, value: outcome });
    expect(await bridge.microsoft.signOut()).toEqual({ ok: true, value: null });
    expect(invoke.mock.calls).toEqual([
      ['microsoft:sign-in', undefined],
      ['microsoft:sign-out', undefined],
    ]);
  });

  it('answers a result when the main process is away', async () => {
    const bridge = createTandemBridge(async () => {
      throw new Error("No handler registered for 'microsoft:sign-in'");
    });
    expect(await bridge.microsoft.signIn()).toEqual({
      ok: false,
      error: { code: 'failed', message: "No handler registered for 'microsoft:sign-in'" },
    });
  });
});
