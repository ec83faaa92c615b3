import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from './logger.std.js';
import { defaultSettings } from './settings-schema.std.js';
import { SettingsStore } from './settings-store.node.js';

interface LoggedLine {
  level: string;
  context: Record<string, unknown>;
  message: string;
}

function recordingLogger(lines: LoggedLine[]): Logger {
  const at =
    (level: string) =>
    (context: Record<string, unknown>, message: string): void => {
      lines.push({ level, context, message });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

describe('SettingsStore', () => {
  let directory: string;
  let lines: LoggedLine[];
  let store: SettingsStore;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'tandem-settings-'));
    lines = [];
    store = new SettingsStore({ directory, logger: recordingLogger(lines) });
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('starts with the defaults on first start, without complaint', async () => {
    expect(await store.load()).toEqual({ settings: defaultSettings, problem: null });
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('remembers a saved server URL across restarts', async () => {
    await store.load();
    expect(await store.update({ serverUrl: 'https://tandem.example.com' })).toEqual({
      ...defaultSettings,
      serverUrl: 'https://tandem.example.com/',
    });
    const afterRestart = new SettingsStore({ directory, logger: recordingLogger([]) });
    expect(await afterRestart.load()).toEqual({
      settings: { ...defaultSettings, serverUrl: 'https://tandem.example.com/' },
      problem: null,
    });
    expect(JSON.parse(await readFile(store.filePath, 'utf8'))).toEqual({
      version: 1,
      ...defaultSettings,
      serverUrl: 'https://tandem.example.com/',
    });
  });

  it('falls back to the defaults and reports it when the file is not JSON', async () => {
    await writeFile(store.filePath, '{"version": 1, "serverUrl": ');
    const result = await store.load();
    expect(result.settings).toEqual(defaultSettings);
    expect(result.problem).toMatch(/not valid JSON/);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'settings file ignored',
        context: expect.any(Object),
      }),
    );
  });

  it('falls back to the defaults when the file has the wrong shape or a bad URL', async () => {
    await writeFile(store.filePath, JSON.stringify({ version: 1, serverUrl: 'http://10.0.0.5' }));
    const badUrl = await store.load();
    expect(badUrl.settings).toEqual(defaultSettings);
    expect(badUrl.problem).toMatch(/plain http:\/\/ is allowed only for this computer/);

    await writeFile(store.filePath, JSON.stringify({ version: 7 }));
    expect((await store.load()).problem).toMatch(/does not match the expected shape/);
  });

  it('reports a settings path that cannot be read instead of crashing', async () => {
    const unreadable = new SettingsStore({ directory, fileName: '.', logger: recordingLogger(lines) });
    const result = await unreadable.load();
    expect(result.settings).toEqual(defaultSettings);
    expect(result.problem).toMatch(/could not be read/);
  });

  it('refuses to save a bad URL and keeps the old settings', async () => {
    await store.update({ serverUrl: 'https://tandem.example.com' });
    await expect(store.update({ serverUrl: 'ftp://tandem.example.com' })).rejects.toThrow(
      /must start with https/,
    );
    expect(store.current).toEqual({ ...defaultSettings, serverUrl: 'https://tandem.example.com/' });
  });

  it('writes one change after the other and leaves no temporary files behind', async () => {
    const writes = [1, 2, 3, 4, 5].map((index) =>
      store.update({ serverUrl: `https://s${index}.example.com` }),
    );
    await Promise.all(writes);
    expect(store.current).toEqual({ ...defaultSettings, serverUrl: 'https://s5.example.com/' });
    expect(JSON.parse(await readFile(store.filePath, 'utf8')).serverUrl).toBe('https://s5.example.com/');
    expect(await readdir(directory)).toEqual(['settings.json']);
  });

  it('creates the user-data folder when it does not exist yet', async () => {
    const nested = new SettingsStore({ directory: join(directory, 'Tandem'), logger: recordingLogger([]) });
    await nested.update({ serverUrl: null });
    expect(await readdir(join(directory, 'Tandem'))).toEqual(['settings.json']);
  });

  it('keeps the old file and reports the failure when the new one cannot be written', async () => {
    await store.update({ serverUrl: 'https://tandem.example.com' });
    const blocked = new SettingsStore({
      directory: join(store.filePath, 'nested'),
      logger: recordingLogger([]),
    });
    await expect(blocked.update({ serverUrl: null })).rejects.toThrow();
    expect(JSON.parse(await readFile(store.filePath, 'utf8')).serverUrl).toBe('https://tandem.example.com/');
  });

  it('loads a file from the first release, which knew only the server URL, with defaults for the rest', async () => {
    await writeFile(store.filePath, JSON.stringify({ version: 1, serverUrl: 'https://tandem.example.com/' }));
    expect(await store.load()).toEqual({
      settings: { ...defaultSettings, serverUrl: 'https://tandem.example.com/' },
      problem: null,
    });
  });

  it('remembers the window, start at login and global shortcuts across restarts', async () => {
    const windowState = { bounds: { x: 40, y: 30, width: 1200, height: 760 }, maximized: true };
    const globalShortcuts = { enabled: true, answer: 'Ctrl+Alt+F9', hangUp: 'Ctrl+Alt+F10' };
    await store.update({ windowState, startAtLogin: true, globalShortcuts });
    const afterRestart = new SettingsStore({ directory, logger: recordingLogger([]) });
    expect((await afterRestart.load()).settings).toEqual({
      serverUrl: null,
      windowState,
      startAtLogin: true,
      globalShortcuts,
      localHistory: defaultSettings.localHistory,
    });
  });

  it('reads how IT wants the local history kept, and falls back to the defaults for a bad value', async () => {
    await writeFile(
      store.filePath,
      JSON.stringify({
        version: 1,
        serverUrl: null,
        localHistory: { wipeAtSignOut: true, maxMegabytes: 256 },
      }),
    );
    expect((await store.load()).settings.localHistory).toEqual({ wipeAtSignOut: true, maxMegabytes: 256 });
    await writeFile(
      store.filePath,
      JSON.stringify({ version: 1, serverUrl: null, localHistory: { wipeAtSignOut: 'yes' } }),
    );
    const damaged = await store.load();
    expect(damaged.settings.localHistory).toEqual(defaultSettings.localHistory);
    expect(damaged.problem).toMatch(/localHistory/);
  });

  it('keeps the good settings when one of them is damaged, and says which', async () => {
    await writeFile(
      store.filePath,
      JSON.stringify({
        version: 1,
        serverUrl: 'https://tandem.example.com/',
        windowState: { bounds: { x: 'left' }, maximized: 'yes' },
        startAtLogin: true,
      }),
    );
    const result = await store.load();
    expect(result.settings).toEqual({
      ...defaultSettings,
      serverUrl: 'https://tandem.example.com/',
      startAtLogin: true,
    });
    expect(result.problem).toMatch(/windowState/);
    expect(result.problem).toMatch(/the other settings were kept/);
  });

  it('refuses to save a global shortcut that would take an ordinary key', async () => {
    await expect(
      store.update({ globalShortcuts: { enabled: true, answer: 'A', hangUp: 'Ctrl+Alt+H' } }),
    ).rejects.toThrow(/needs Control, Command, Alt or Super/);
    expect(store.current.globalShortcuts).toEqual(defaultSettings.globalShortcuts);
  });

  it('lets the app wait for the last change to reach the disk before it quits', async () => {
    const windowState = { bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: false };
    void store.update({ serverUrl: 'https://tandem.example.com' });
    void store.update({ windowState });
    await store.flush();
    expect(JSON.parse(await readFile(store.filePath, 'utf8')).windowState).toEqual(windowState);
    await store.update({ serverUrl: 'ftp://nope' }).catch(() => undefined);
    await expect(store.flush()).resolves.toBeUndefined();
  });
});
