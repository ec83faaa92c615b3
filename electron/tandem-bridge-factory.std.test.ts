import { describe, expect, it, vi } from 'vitest';
import type { DialRequest } from './dial-link.std.js';
import type { IpcEventName } from './ipc-channels.std.js';
import type { PageCommand } from './page-commands.std.js';
import { createTandemBridge } from './tandem-bridge-factory.std.js';

/** The main process's side of the events: who listens, and a way to send. */
function fakeEvents() {
  const listeners = new Map<IpcEventName, Set<(payload: unknown) => void>>();
  return {
    subscribe: (event: IpcEventName, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    send: (event: IpcEventName, payload?: unknown) =>
      listeners.get(event)?.forEach((listener) => listener(payload)),
    count: (event: IpcEventName) => listeners.get(event)?.size ?? 0,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

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
    await bridge.settings.setStartAtLogin(true);
    await bridge.desktop.setStatus({ agentState: 'Available', call: null, locale: 'en' });
    await bridge.calls.showIncoming({
      callId: 'c1',
      callerNumber: '1001',
      callerName: null,
      queueName: null,
    });
    await bridge.calls.dismissIncoming('c1');
    await bridge.secrets.set('agent-password', 'pw');
    await bridge.secrets.get('agent-password');
    await bridge.secrets.delete('agent-password');

    expect(invoke.mock.calls).toEqual([
      ['app:get-info', undefined],
      ['settings:get', undefined],
      ['settings:set-server-url', { serverUrl: 'https://tandem.example.com' }],
      ['settings:set-start-at-login', { enabled: true }],
      ['desktop:set-status', { agentState: 'Available', call: null, locale: 'en' }],
      ['call:show-incoming', { callId: 'c1', callerNumber: '1001', callerName: null, queueName: null }],
      ['call:dismiss-incoming', { callId: 'c1' }],
      ['secrets:set', { name: 'agent-password', value: 'pw' }],
      ['secrets:get', { name: 'agent-password' }],
      ['secrets:delete', { name: 'agent-password' }],
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

  it('passes tray and shortcut commands to the page, and only known commands', () => {
    const events = fakeEvents();
    const bridge = createTandemBridge(async () => ({ ok: true, value: null }), events.subscribe);
    const received: PageCommand[] = [];
    const stop = bridge.desktop.onCommand((command) => received.push(command));
    events.send('desktop:command', 'answer');
    events.send('desktop:command', 'format-disk');
    events.send('desktop:command', { command: 'answer' });
    expect(received).toEqual(['answer']);
    stop();
    stop();
    expect(events.count('desktop:command')).toBe(0);
    events.send('desktop:command', 'hang-up');
    expect(received).toEqual(['answer']);
  });

  it('takes a dial request that waited for the page as soon as the page listens, once', async () => {
    const events = fakeEvents();
    const waiting: DialRequest[] = [{ kind: 'number', target: '+15550100', extension: null, scheme: 'tel' }];
    const invoke = vi.fn(async (channel: string) =>
      channel === 'dial:take-pending'
        ? { ok: true, value: waiting.shift() ?? null }
        : { ok: true, value: null },
    );
    const bridge = createTandemBridge(invoke, events.subscribe);
    const dialled: string[] = [];
    const stop = bridge.dial.onRequest((request) => dialled.push(request.target));
    await settle();
    expect(dialled).toEqual(['+15550100']);

    waiting.push({ kind: 'number', target: '1002', extension: null, scheme: 'sip' });
    events.send('dial:request-waiting');
    await settle();
    events.send('dial:request-waiting');
    await settle();
    expect(dialled).toEqual(['+15550100', '1002']);
    stop();
    expect(events.count('dial:request-waiting')).toBe(0);
  });

  it('leaves a dial request waiting while nobody on the page can dial', async () => {
    const events = fakeEvents();
    const invoke = vi.fn(async () => ({ ok: true, value: null }));
    const bridge = createTandemBridge(invoke, events.subscribe);
    const stop = bridge.dial.onRequest(() => {});
    stop();
    await settle();
    invoke.mockClear();
    events.send('dial:request-waiting');
    await settle();
    expect(invoke).not.toHaveBeenCalled();
  });

  it('sends the history functions to their channels and passes on only well-formed status news', async () => {
    const events = fakeEvents();
    const invoke = vi.fn(async () => ({ ok: true, value: null }));
    const bridge = createTandemBridge(invoke, events.subscribe);
    await bridge.history.open({ username: 'alice', password: 'demo' });
    await bridge.history.query({ filter: { text: 'alice' }, offset: 0, limit: 50 });
    await bridge.history.get('c1');
    await bridge.history.edit({ callId: 'c1', note: 'called back' });
    await bridge.history.markConflictsSeen([3]);
    await bridge.history.close({ wipe: true });
    expect(invoke.mock.calls).toEqual([
      ['history:open', { username: 'alice', password: 'demo' }],
      ['history:query', { filter: { text: 'alice' }, offset: 0, limit: 50 }],
      ['history:get', { callId: 'c1' }],
      ['history:edit', { callId: 'c1', note: 'called back' }],
      ['history:mark-conflicts-seen', { ids: [3] }],
      ['history:close', { wipe: true }],
    ]);

    const seen: string[] = [];
    const stop = bridge.history.onStatus((status) => seen.push(status.state));
    const status = {
      state: 'syncing',
      progress: { initial: true, downloaded: 500, remaining: 1500 },
      calls: 500,
      pendingEdits: 0,
      unseenConflicts: 0,
      lastSyncedAt: null,
      lastError: null,
    };
    events.send('history:status-changed', status);
    events.send('history:status-changed', { ...status, state: 'melting' });
    events.send('history:status-changed', 'up-to-date');
    expect(seen).toEqual(['syncing']);
    stop();
    expect(events.count('history:status-changed')).toBe(0);
  });
});
