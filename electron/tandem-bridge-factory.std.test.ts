import { describe, expect, it, vi } from 'vitest';
import { createTandemBridge } from './tandem-bridge-factory.std.js';

describe('createTandemBridge', () => {
  it('sends each function to its own channel of the contract', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: 'answer' }));
    const bridge = createTandemBridge(invoke);

    await bridge.app.getInfo();
    await bridge.settings.get();
    await expect(bridge.settings.setServerUrl('https://tandem.example.com')).resolves.toEqual({
      ok: true,
      value: 'answer',
    });

    expect(invoke.mock.calls).toEqual([
      ['app:get-info', undefined],
      ['settings:get', undefined],
      ['settings:set-server-url', { serverUrl: 'https://tandem.example.com' }],
    ]);
  });

  it('turns a failed invoke into a result, so the page never sees a rejected promise', async () => {
    const bridge = createTandemBridge(async () => {
      throw new Error("No handler registered for 'settings:get'");
    });
    await expect(bridge.settings.get()).resolves.toEqual({
      ok: false,
      error: { code: 'failed', message: "No handler registered for 'settings:get'" },
    });
  });
});
