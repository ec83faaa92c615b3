import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store.js';

const open: SqliteStore[] = [];
afterEach(() => open.splice(0).forEach((store) => store.close()));

function storeWithTenants(): SqliteStore {
  const store = SqliteStore.open(join(mkdtempSync(join(tmpdir(), 'tandem-calls-')), 'tandem.db'));
  open.push(store);
  store.tenants.ensure({ id: 'demo', name: 'Demo' });
  store.tenants.ensure({ id: 'other', name: 'Other' });
  return store;
}

function started(store: SqliteStore, id: string, startedAt: string, tenantId = 'demo'): void {
  store.calls.start({ id, tenantId, direction: 'inbound', fromNumber: '+1', toNumber: '+2', startedAt });
}

describe("a tenant's call records by time range (reports)", () => {
  it('returns the calls that started in [from, to), oldest first, of that tenant only', () => {
    const store = storeWithTenants();
    started(store, 'late', '2026-01-05T10:00:00.000Z');
    started(store, 'before', '2026-01-05T08:59:59.999Z');
    started(store, 'first', '2026-01-05T09:00:00.000Z');
    started(store, 'middle', '2026-01-05T09:30:00.000Z');
    started(store, 'elsewhere', '2026-01-05T09:30:00.000Z', 'other');
    const range = store.calls.startedBetween(
      'demo',
      '2026-01-05T09:00:00.000Z',
      '2026-01-05T10:00:00.000Z',
      100,
    );
    expect(range.map((call) => call.id)).toEqual(['first', 'middle']);
    expect(
      store.calls.startedBetween('other', '2026-01-05T00:00:00.000Z', '2026-01-06T00:00:00.000Z', 100),
    ).toHaveLength(1);
  });

  it('stops at the limit', () => {
    const store = storeWithTenants();
    for (let minute = 0; minute < 5; minute++)
      started(store, `c${minute}`, `2026-01-05T09:0${minute}:00.000Z`);
    const range = store.calls.startedBetween(
      'demo',
      '2026-01-05T09:00:00.000Z',
      '2026-01-05T10:00:00.000Z',
      3,
    );
    expect(range.map((call) => call.id)).toEqual(['c0', 'c1', 'c2']);
  });

  it("keeps a queue call's wrap-up, written after the call ended", () => {
    const store = storeWithTenants();
    started(store, 'c1', '2026-01-05T09:00:00.000Z');
    expect(store.calls.find('c1')!.wrapUpMs).toBeNull();
    store.calls.finish('c1', {
      endedAt: '2026-01-05T09:05:00.000Z',
      endReason: 'caller-hangup',
      hangupBy: 'caller',
    });
    const updated = store.calls.update('c1', { wrapUpMs: 15_000 });
    expect(updated).toMatchObject({ status: 'completed', wrapUpMs: 15_000 });
    expect(() => store.calls.update('c1', { wrapUpMs: -5 })).toThrow(/CHECK/);
  });
});
