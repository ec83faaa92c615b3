import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoTenant } from '../store/seed-demo-tenant.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { HttpApi } from './http-api.js';
import { parseRange, registerRecordingApi, servablePath } from './recording-api.js';
import { startTestHttpApi } from './testing/http-api.fixture.js';

const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(96, 7)]);

describe('servablePath', () => {
  it('accepts files inside the folder, relative or absolute', () => {
    expect(servablePath('/data/rec', '/data/rec/a.wav')).toBe('/data/rec/a.wav');
    expect(servablePath('/data/rec', 'b/c.wav')).toBe('/data/rec/b/c.wav');
  });
  it('refuses what escapes it, the folder itself and no reference', () => {
    expect(servablePath('/data/rec', '/etc/passwd')).toBeNull();
    expect(servablePath('/data/rec', '../rec2/a.wav')).toBeNull();
    expect(servablePath('/data/rec', '/data/rec')).toBeNull();
    expect(servablePath('/data/rec', null)).toBeNull();
  });
});

describe('parseRange', () => {
  it('reads the three forms of one byte range', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=95-200', 100)).toEqual({ start: 95, end: 99 });
  });
  it('refuses what it cannot satisfy', () => {
    expect(parseRange('bytes=100-', 100)).toBeNull();
    expect(parseRange('bytes=5-2', 100)).toBeNull();
    expect(parseRange('bytes=-', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
    expect(parseRange('bytes=0-1,4-5', 100)).toBeNull();
  });
});

describe('GET /api/history/recording', () => {
  let dir: string;
  let store: SqliteStore;
  let http: HttpApi;
  let base: string;

  const auth = (user: string) => ({
    Authorization: `Basic ${Buffer.from(`${user}:demo`).toString('base64')}`,
  });
  const get = (id: string, user = 'alice', headers: Record<string, string> = {}) =>
    fetch(`${base}/api/history/recording?id=${encodeURIComponent(id)}`, {
      headers: { ...auth(user), ...headers },
    });

  function recordedCall(id: string, agent: string, ref: string | null) {
    store.calls.start({
      id,
      tenantId: 'demo',
      direction: 'inbound',
      fromNumber: '+15550001',
      toNumber: '+15550100',
      startedAt: '2026-01-05T09:00:00.000Z',
    });
    const agentId = store.agents.findByUsername('demo', agent)!.id;
    store.calls.update(id, { answeredAt: '2026-01-05T09:00:10.000Z', agentId, recordingRef: ref });
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-recording-'));
    const recordings = join(dir, 'recordings', 'calls');
    mkdirSync(recordings, { recursive: true });
    writeFileSync(join(recordings, 'c1.wav'), WAV);
    writeFileSync(join(dir, 'secret.txt'), 'not a recording');
    store = SqliteStore.open(join(dir, 'tandem.db'));
    seedDemoTenant(store, 'tandem');
    recordedCall('c1', 'alice', join(recordings, 'c1.wav'));
    recordedCall('c2', 'alice', join(dir, 'secret.txt'));
    recordedCall('c3', 'alice', join(recordings, 'gone.wav'));
    recordedCall('c4', 'alice', null);
    ({ http, origin: base } = await startTestHttpApi((http) =>
      registerRecordingApi(http, { store: () => store, recordingsDir: recordings }),
    ));
  });

  afterEach(async () => {
    await http.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the WAV to the call agent, whole and by range', async () => {
    const whole = await get('c1');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(WAV);

    const part = await get('c1', 'alice', { Range: 'bytes=0-3' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-3/${WAV.length}`);
    expect(await part.text()).toBe('RIFF');

    const beyond = await get('c1', 'alice', { Range: 'bytes=5000-' });
    expect(beyond.status).toBe(416);
  });

  it('lets the supervisor of the tenant listen, not another agent', async () => {
    expect((await get('c1', 'sam')).status).toBe(200);
    expect((await get('c1', 'bob')).status).toBe(404);
  });

  it('answers 404 for a path outside the recordings, a missing file, no recording or no call', async () => {
    for (const id of ['c2', 'c3', 'c4', 'nope']) {
      const response = await get(id);
      expect(response.status, id).toBe(404);
      expect(await response.text()).not.toContain('not a recording');
    }
  });

  it('wants credentials and an id', async () => {
    expect((await fetch(`${base}/api/history/recording?id=c1`)).status).toBe(401);
    expect((await fetch(`${base}/api/history/recording`, { headers: auth('alice') })).status).toBe(400);
  });
});
