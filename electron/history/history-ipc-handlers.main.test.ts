import { describe, expect, it, vi } from 'vitest';
import { handleIpcCall, type IpcCallContext, type IpcHandlers } from '../ipc-handlers.main.js';
import { silentLogger } from '../logger.std.js';
import { DesktopHistory } from './desktop-history.node.js';
import { createHistoryIpcHandlers, type HistoryPort } from './history-ipc-handlers.main.js';
import { closedHistoryStatus } from './history-status.std.js';

const page = 'http://127.0.0.1:8080/';

function context(history: HistoryPort): IpcCallContext {
  return {
    // Only the history channels are called here; the others are tested in ipc-handlers.main.test.ts.
    handlers: createHistoryIpcHandlers(history) as unknown as IpcHandlers,
    isTrustedSender: (url) => url.startsWith(page),
    logger: silentLogger,
  };
}

function fakeHistory() {
  return {
    open: vi.fn(async () => ({ ...closedHistoryStatus, state: 'syncing' as const })),
    status: vi.fn(async () => closedHistoryStatus),
    query: vi.fn(async () => ({ rows: [], total: 0 })),
    facets: vi.fn(async () => ({ queues: [], dispositions: [] })),
    get: vi.fn(async () => null),
    edit: vi.fn(async () => null),
    conflicts: vi.fn(async () => []),
    markConflictsSeen: vi.fn(async () => closedHistoryStatus),
    syncNow: vi.fn(async () => ({
      complete: true,
      downloaded: 0,
      delivered: 0,
      error: null,
      status: closedHistoryStatus,
    })),
    close: vi.fn(async () => {}),
  } satisfies HistoryPort;
}

describe('the history channels of the IPC contract', () => {
  it('hands checked inputs to the history and answers with results', async () => {
    const history = fakeHistory();
    const tandem = context(history);
    expect(
      await handleIpcCall('history:open', page, { username: 'alice', password: 'demo' }, tandem),
    ).toEqual({
      ok: true,
      value: { ...closedHistoryStatus, state: 'syncing' },
    });
    const query = { filter: { text: 'alice', outcome: 'missed' }, offset: 50, limit: 50 };
    expect(await handleIpcCall('history:query', page, query, tandem)).toEqual({
      ok: true,
      value: { rows: [], total: 0 },
    });
    expect(history.query).toHaveBeenCalledWith(query);
    await handleIpcCall('history:edit', page, { callId: 'c1', disposition: 'sale' }, tandem);
    expect(history.edit).toHaveBeenCalledWith({ callId: 'c1', disposition: 'sale' });
    expect(await handleIpcCall('history:close', page, { wipe: true }, tandem)).toEqual({
      ok: true,
      value: null,
    });
    expect(history.close).toHaveBeenCalledWith({ wipe: true });
  });

  it('refuses bad inputs before the history sees them', async () => {
    const history = fakeHistory();
    const tandem = context(history);
    const refused = [
      ['history:open', { username: '', password: 'x' }],
      ['history:query', { filter: { text: '' }, offset: -1, limit: 10 }],
      ['history:query', { filter: { text: '' }, offset: 0, limit: 100_000 }],
      ['history:query', { filter: { text: '', startedFrom: 'yesterday' }, offset: 0, limit: 10 }],
      ['history:query', { filter: { text: '', outcome: 'lost' }, offset: 0, limit: 10 }],
      ['history:edit', { callId: 'c1' }],
      ['history:edit', { callId: 'c1', note: 'x'.repeat(10_001) }],
      ['history:mark-conflicts-seen', { ids: [0] }],
      ['history:close', {}],
    ] as const;
    for (const [channel, input] of refused) {
      const result = await handleIpcCall(channel, page, input, tandem);
      expect(result, `${channel} ${JSON.stringify(input).slice(0, 80)}`).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    }
    expect(history.open).not.toHaveBeenCalled();
    expect(history.query).not.toHaveBeenCalled();
    expect(history.edit).not.toHaveBeenCalled();
    expect(history.close).not.toHaveBeenCalled();
  });

  it('answers `unavailable` while nobody is signed in, and refuses other pages', async () => {
    const closed = new DesktopHistory({ userDataDirectory: '/nonexistent', serverOrigin: page });
    const tandem = context(closed);
    expect(await handleIpcCall('history:facets', page, undefined, tandem)).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    expect(await handleIpcCall('history:status', page, undefined, tandem)).toEqual({
      ok: true,
      value: closedHistoryStatus,
    });
    expect(
      await handleIpcCall('history:status', 'https://evil.example.com/', undefined, tandem),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('wipes at every sign-out when IT says so, whatever the page asked', async () => {
    const history = fakeHistory();
    const tandem: IpcCallContext = {
      ...context(history),
      handlers: createHistoryIpcHandlers(history, { wipeAtSignOut: () => true }) as unknown as IpcHandlers,
    };
    await handleIpcCall('history:close', page, { wipe: false }, tandem);
    expect(history.close).toHaveBeenCalledWith({ wipe: true });
  });
});
