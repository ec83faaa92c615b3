/**
 * The desktop's call history under load:
 *   A. 1,000,000 calls written into a fresh local store (pages of 5,000, as sync writes them);
 *   B. opening the history: start the worker, open the file, read the first page (cold worker each time);
 *   C. search as you type: every keystroke of names, note words, dispositions and numbers, through the worker;
 *   D. initial sync of 100,000 calls from a local Tandem server (the built server, spawned), time and memory.
 * Options: --calls N (default 1000000), --sync-calls N (default 100000), --skip-sync, --keep (keep the files).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { openHistoryDatabase } from '../../electron/history/history-database.node.js';
import { HistoryServerClient } from '../../electron/history/history-server-client.node.js';
import { HistorySync } from '../../electron/history/history-sync.node.js';
import { HistoryWorkerClient } from '../../electron/history/history-worker-client.node.js';
import { LocalHistoryStore } from '../../electron/history/local-history-store.node.js';
import { startTandem } from '../../e2e/support/tandem-server.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { percentile } from '../support/percentiles.js';
import { residentBytes } from '../support/proc-stats.js';
import { ensureServerBuild } from '../support/server-build.js';
import { formatNumber, textTable } from '../support/text-table.js';
import { benchCall, seededRandom, typedQueries } from './history-bench-data.js';

const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000000' },
    'sync-calls': { type: 'string', default: '100000' },
    'skip-sync': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const CALLS = Number(args.calls);
const SYNC_CALLS = Number(args['sync-calls']);
const say = (line: string) => process.stdout.write(`${line}\n`);
const ms = (value: number) => formatNumber(value, 2);
const mib = (bytes: number) => formatNumber(bytes / 1_048_576, 0);

const dir = mkdtempSync(join(tmpdir(), 'tandem-history-bench-'));
const file = join(dir, 'history.db');
const rows: string[][] = [['measurement', 'value', 'target', 'ratio to target']];

try {
  // A. Fill the store.
  const random = seededRandom(8);
  const sampleNumbers: string[] = [];
  let started = performance.now();
  {
    const db = openHistoryDatabase(file);
    const store = new LocalHistoryStore(db);
    const startMs = Date.UTC(2024, 0, 1);
    for (let first = 0; first < CALLS; first += 5_000) {
      const page = [];
      for (let index = first; index < Math.min(first + 5_000, CALLS); index++) {
        const call = benchCall(index, random, startMs);
        if (index % 50_000 === 7) sampleNumbers.push(call.fromNumber);
        page.push(call);
      }
      store.applyPage(page, page.at(-1)!.revision);
      if ((first + 5_000) % 200_000 === 0) say(`  ${formatNumber(first + 5_000)} calls stored`);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
  const fillSeconds = (performance.now() - started) / 1000;
  rows.push([
    `store ${formatNumber(CALLS)} calls (pages of 5,000)`,
    `${formatNumber(fillSeconds, 1)} s, ${formatNumber(CALLS / fillSeconds)} calls/s`,
    '',
    '',
  ]);
  rows.push(['database file', `${mib(statSync(file).size)} MiB`, '', '']);

  // B. Open the history: cold worker, open the file, first page of 50. The worker is bundled to plain
  // JavaScript first, as a packaged app ships it (through tsx it would mostly measure TypeScript loading).
  const repoRoot = join(import.meta.dirname, '..', '..');
  const workerFile = join(repoRoot, 'dist', 'bench-history', 'history-worker.node.js');
  await build({
    entryPoints: [join(repoRoot, 'electron', 'history', 'history-worker.node.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    outfile: workerFile,
    logLevel: 'warning',
  });
  const workerUrl = pathToFileURL(workerFile);
  const openings: number[] = [];
  const firstPages: number[] = [];
  for (let round = 0; round < 5; round++) {
    started = performance.now();
    const history = await HistoryWorkerClient.open(file, { workerUrl });
    const opened = performance.now();
    const page = await history.call('list', { limit: 50 });
    openings.push(performance.now() - started);
    firstPages.push(performance.now() - opened);
    if (page.length !== 50) throw new Error(`the first page has ${page.length} calls`);
    await history.close();
  }
  const openMedian = percentile(openings, 50);
  rows.push([
    'open the history (worker + file + first 50), median of 5',
    `${ms(openMedian)} ms (max ${ms(Math.max(...openings))})`,
    '< 200 ms',
    formatNumber(openMedian / 200, 3),
  ]);

  rows.push([
    '  of which the first page, once the file is open',
    `${ms(percentile(firstPages, 50))} ms (max ${ms(Math.max(...firstPages))})`,
    '',
    '',
  ]);

  // C. Search as you type, through the worker.
  const history = await HistoryWorkerClient.open(file, { workerUrl });
  const keystrokes = typedQueries(random, sampleNumbers);
  const latencies: number[] = [];
  let empty = 0;
  for (const text of keystrokes) {
    const before = performance.now();
    const found = await history.call('search', text, 50);
    latencies.push(performance.now() - before);
    if (found.length === 0) empty++;
  }
  await history.close();
  const p99 = percentile(latencies, 99);
  rows.push([
    `search as you type: ${formatNumber(keystrokes.length)} keystrokes, 50 results each`,
    `p50 ${ms(percentile(latencies, 50))} ms, p99 ${ms(p99)} ms, max ${ms(Math.max(...latencies))} ms`,
    'p99 < 20 ms',
    formatNumber(p99 / 20, 3),
  ]);
  rows.push(['keystrokes with no match', formatNumber(empty), '', '']);

  // D. Initial sync from a local server.
  if (!args['skip-sync']) {
    ensureServerBuild(repoRoot, say);
    const tandem = await startTandem();
    try {
      const serverDb = SqliteStore.open(join(tandem.dataDir, 'tandem.db'));
      const alice = serverDb.agents.findByUsername('demo', 'alice')!.id;
      serverDb.db.transaction(() => {
        for (let index = 0; index < SYNC_CALLS; index++) {
          const at = new Date(Date.UTC(2025, 0, 1) + index * 30_000).toISOString();
          const id = `sync-${index}`;
          serverDb.calls.start({
            id,
            tenantId: 'demo',
            direction: 'inbound',
            fromNumber: `+1555${String(index).padStart(7, '0')}`,
            toNumber: '+15550100',
            startedAt: at,
          });
          serverDb.calls.appendEvent(id, 'answered', { agent: 'alice' }, at);
          serverDb.calls.update(id, { agentId: alice, answeredAt: at });
          serverDb.calls.finish(id, { endedAt: at, endReason: 'caller-hangup', hangupBy: 'caller' });
        }
      })();
      serverDb.close();
      const localFile = join(dir, 'synced.db');
      const local = await HistoryWorkerClient.open(localFile);
      const sync = new HistorySync({
        store: local,
        server: new HistoryServerClient({
          baseUrl: tandem.baseUrl,
          username: 'alice',
          password: 'demo',
          timeoutMs: 60_000,
        }),
        pageSize: 1000,
      });
      let clientPeak = 0;
      let serverPeak = 0;
      const sampler = setInterval(() => {
        clientPeak = Math.max(clientPeak, process.memoryUsage().rss);
        serverPeak = Math.max(serverPeak, residentBytes(tandem.pid) ?? 0);
      }, 50);
      const rssBefore = process.memoryUsage().rss;
      started = performance.now();
      const result = await sync.syncNow();
      const syncSeconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const stored = await local.call('count');
      sync.close();
      await local.close();
      if (!result.complete || stored !== SYNC_CALLS)
        throw new Error(`sync stored ${stored} of ${SYNC_CALLS} calls: ${result.error ?? ''}`);
      rows.push([
        `initial sync of ${formatNumber(SYNC_CALLS)} calls (pages of 1,000)`,
        `${formatNumber(syncSeconds, 1)} s, ${formatNumber(SYNC_CALLS / syncSeconds)} calls/s`,
        '',
        '',
      ]);
      rows.push([
        '  desktop process RSS during sync (main + worker)',
        `peak ${mib(clientPeak)} MiB (before ${mib(rssBefore)} MiB)`,
        '',
        '',
      ]);
      rows.push(['  server RSS during sync', `peak ${mib(serverPeak)} MiB`, '', '']);
      rows.push(['  synced database file', `${mib(statSync(localFile).size)} MiB`, '', '']);
    } finally {
      await tandem.stop();
    }
  }
  say('');
  say(textTable(rows));
} finally {
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
  else say(`files kept in ${dir}`);
}
