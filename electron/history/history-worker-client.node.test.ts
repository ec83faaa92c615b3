import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyCall } from './history-fixtures.node.js';
import { HistoryWorkerClient } from './history-worker-client.node.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-history-worker-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('history worker', () => {
  it('answers requests off the main thread and passes errors back with their type', async () => {
    const history = await HistoryWorkerClient.open(join(dir, 'history.db'));
    try {
      await history.call('applyPage', [historyCall('c1', 3)], 3);
      expect(await history.call('count')).toBe(1);
      expect((await history.call('search', 'alice', 10)).map((item) => item.id)).toEqual(['c1']);
      await expect(
        history.call('edit', {
          callId: 'nope',
          mutationId: 'm-1',
          editedAt: '2026-01-05T09:00:00Z',
          note: 'x',
        }),
      ).rejects.toThrow(TypeError);
    } finally {
      await history.close();
      await history.close();
    }
    await expect(history.call('count')).rejects.toThrow(/closed/);
    const again = await HistoryWorkerClient.open(join(dir, 'history.db'));
    expect(await again.call('cursor')).toBe(3);
    await again.close();
  });

  it('refuses to open what is not a history database, with a clear error', async () => {
    await expect(HistoryWorkerClient.open(join(dir))).rejects.toThrow(/could not be opened/);
  });
});
