import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { historyCall } from './history/history-fixtures.node.js';
import { HistoryWorkerClient } from './history/history-worker-client.node.js';
import type { TandemBridge } from './tandem-bridge.std.js';

const run = promisify(execFile);
const projectRoot = resolve(import.meta.dirname, '..');

/**
 * Electron is not installed here, so this test checks what `electron/build.mjs` produces the way Electron
 * will load it: the preload in a context whose `require` knows only 'electron' (as in a sandboxed renderer),
 * the main process as an ES module that imports only what the packaged app ships.
 */
describe('electron/build.mjs output', () => {
  let outDir: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'tandem-electron-build-'));
    await run(process.execPath, [join(projectRoot, 'electron/build.mjs'), `--out-dir=${outDir}`], {
      cwd: projectRoot,
    });
    // The packaged app ships node_modules beside the built files; the worker finds better-sqlite3 there.
    await symlink(join(projectRoot, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  }, 60_000);

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('builds a preload that works in a sandbox and exposes window.tandem, not ipcRenderer', async () => {
    const code = await readFile(join(outDir, 'preload.cjs'), 'utf8');
    const exposed = new Map<string, unknown>();
    const invoked: unknown[][] = [];
    const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return { ok: true, value: null };
        },
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
          listeners.set(channel, listener);
        },
        removeListener: (channel: string) => {
          listeners.delete(channel);
        },
      },
    };
    const sandboxRequire = (name: string) => {
      if (name === 'electron') {
        return electron;
      }
      throw new Error(`a sandboxed preload cannot require ${name}`);
    };
    const module = { exports: {} };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });

    expect([...exposed.keys()]).toEqual(['tandem']);
    const bridge = exposed.get('tandem') as TandemBridge;
    expect(Object.keys(bridge).sort()).toEqual([
      'app',
      'calls',
      'desktop',
      'dial',
      'history',
      'microsoft',
      'secrets',
      'settings',
    ]);
    expect(JSON.stringify(bridge)).not.toMatch(/ipcRenderer|invoke/);
    await bridge.settings.setServerUrl('https://tandem.example.com');
    expect(invoked).toEqual([['settings:set-server-url', { serverUrl: 'https://tandem.example.com' }]]);

    // Events reach the page as their payload alone: the IPC event (whose sender is ipcRenderer) stays behind.
    const commands: unknown[] = [];
    const stop = bridge.desktop.onCommand((...args: unknown[]) => commands.push(args));
    const ipcEvent = { sender: electron.ipcRenderer };
    listeners.get('desktop:command')?.(ipcEvent, 'answer');
    expect(commands).toEqual([['answer']]);
    stop();
    expect(listeners.has('desktop:command')).toBe(false);
  });

  it('builds main.js as an ES module that imports only Electron, Node and shipped dependencies', async () => {
    const mainPath = join(outDir, 'main.js');
    await run(process.execPath, ['--check', mainPath]);
    const code = await readFile(mainPath, 'utf8');
    const imported = [...code.matchAll(/^import\s(?:[^'"]*\sfrom\s)?["']([^"']+)["'];?$/gm)].map(
      (match) => match[1],
    );
    const packageJson = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const shipped = Object.keys(packageJson.dependencies);
    expect(imported).toContain('electron');
    for (const specifier of imported) {
      const allowed =
        specifier === 'electron' ||
        specifier?.startsWith('node:') ||
        shipped.some((name) => specifier === name || specifier?.startsWith(`${name}/`));
      expect(allowed, `main.js imports ${specifier}`).toBe(true);
    }
    expect(code).not.toMatch(/\brequire\(/);
  });

  it('builds the history worker as its own entry that opens a real database with better-sqlite3', async () => {
    const workerPath = join(outDir, 'history-worker.js');
    const code = await readFile(workerPath, 'utf8');
    const imported = [...code.matchAll(/^import\s(?:[^'"]*\sfrom\s)?["']([^"']+)["'];?$/gm)].map(
      (match) => match[1],
    );
    expect(imported).toContain('better-sqlite3');
    expect(imported.filter((name) => name !== 'better-sqlite3' && !name?.startsWith('node:'))).toEqual([]);
    expect(code).not.toMatch(/\brequire\(/);

    const history = await HistoryWorkerClient.open(join(outDir, 'data', 'history.sqlite'), {
      workerUrl: pathToFileURL(workerPath),
    });
    try {
      await history.call('applyPage', [historyCall('c1', 4, { note: null })], 4);
      expect(await history.call('cursor')).toBe(4);
      const page = await history.call('query', { text: 'alice' }, 0, 10);
      expect(page.total).toBe(1);
      expect(page.rows.map((row) => row.call.id)).toEqual(['c1']);
    } finally {
      await history.close();
    }
  });
});
