import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  createTandemIpcHandlers,
  handleIpcCall,
  registerIpcHandlers,
  type IpcCallContext,
  type TandemIpcDependencies,
} from './ipc-handlers.main.js';
import type { AppInfo } from './ipc-contract.std.js';
import { silentLogger } from './logger.std.js';
import type { TandemSettings } from './settings-schema.std.js';

const page = 'http://127.0.0.1:8080/agent';
const appInfo: AppInfo = {
  name: 'Tandem',
  version: '0.1.0',
  platform: 'linux',
  arch: 'x64',
  electronVersion: '45.4.1',
  chromeVersion: '140.0.0.0',
};

function fakeSettingsStore(initial: TandemSettings = { serverUrl: null }) {
  const store = {
    current: initial,
    update: vi.fn(async (change: Partial<TandemSettings>) => {
      store.current = { ...store.current, ...change };
      return store.current;
    }),
  };
  return store;
}

function tandem(
  overrides: Partial<TandemIpcDependencies> = {},
): IpcCallContext & { settingsStore: ReturnType<typeof fakeSettingsStore> } {
  const settingsStore = fakeSettingsStore();
  const dependencies: TandemIpcDependencies = {
    appInfo,
    settingsStore,
    launchInputs: { argv: ['electron', 'main.js'], env: {} },
    activeLaunch: { serverUrl: 'http://127.0.0.1:8080/', serverUrlSource: 'default', dialLink: null },
    ...overrides,
  };
  return {
    handlers: createTandemIpcHandlers(dependencies),
    isTrustedSender: (url) => url.startsWith('http://127.0.0.1:8080/'),
    logger: silentLogger,
    settingsStore,
  };
}

describe('Tandem IPC handlers', () => {
  it('tells the page which app version and platform it runs in', async () => {
    expect(await handleIpcCall('app:get-info', page, undefined, tandem())).toEqual({
      ok: true,
      value: appInfo,
    });
  });

  it('shows the settings and where the server URL came from', async () => {
    expect(await handleIpcCall('settings:get', page, undefined, tandem())).toEqual({
      ok: true,
      value: {
        savedServerUrl: null,
        activeServerUrl: 'http://127.0.0.1:8080/',
        activeServerUrlSource: 'default',
        restartRequired: false,
      },
    });
  });

  it('saves a new server URL, normalised, and says a restart will switch to it', async () => {
    const context = tandem();
    expect(
      await handleIpcCall(
        'settings:set-server-url',
        page,
        { serverUrl: ' https://Tandem.example.com ' },
        context,
      ),
    ).toEqual({
      ok: true,
      value: {
        savedServerUrl: 'https://tandem.example.com/',
        activeServerUrl: 'http://127.0.0.1:8080/',
        activeServerUrlSource: 'default',
        restartRequired: true,
      },
    });
    expect(context.settingsStore.update).toHaveBeenCalledWith({ serverUrl: 'https://tandem.example.com/' });
  });

  it('says no restart will help when IT set the server with --server-url', async () => {
    const context = tandem({
      launchInputs: { argv: ['tandem', '--server-url=https://it.example.com'], env: {} },
      activeLaunch: { serverUrl: 'https://it.example.com/', serverUrlSource: 'argument', dialLink: null },
    });
    const result = await handleIpcCall(
      'settings:set-server-url',
      page,
      { serverUrl: 'https://mine.example.com' },
      context,
    );
    expect(result).toMatchObject({
      ok: true,
      value: { restartRequired: false, activeServerUrlSource: 'argument' },
    });
  });

  it('refuses a bad server URL with a sentence the settings screen can show, and saves nothing', async () => {
    const context = tandem();
    const result = await handleIpcCall(
      'settings:set-server-url',
      page,
      { serverUrl: 'http://10.0.0.5' },
      context,
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message: expect.stringMatching(/^serverUrl: The server URL is not valid: plain http/),
      },
    });
    expect(context.settingsStore.update).not.toHaveBeenCalled();
  });

  it('refuses inputs of the wrong shape before any handler runs', async () => {
    const context = tandem();
    for (const input of [
      undefined,
      'https://tandem.example.com',
      { serverUrl: 42 },
      { serverUrl: null, extra: 1 },
    ]) {
      const result = await handleIpcCall('settings:set-server-url', page, input, context);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(await handleIpcCall('settings:get', page, { sneaky: true }, context)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(context.settingsStore.update).not.toHaveBeenCalled();
  });

  it('answers only the Tandem page, not a page from elsewhere', async () => {
    const context = tandem();
    for (const sender of ['https://evil.example.com/', null]) {
      expect(await handleIpcCall('app:get-info', sender, undefined, context)).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'This page may not use the Tandem desktop bridge.' },
      });
    }
  });

  it('reports a failed save as a result instead of throwing across IPC', async () => {
    const context = tandem();
    context.settingsStore.update.mockRejectedValueOnce(new Error('EACCES: permission denied'));
    expect(await handleIpcCall('settings:set-server-url', page, { serverUrl: null }, context)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'EACCES: permission denied' },
    });
  });
});

describe('registerIpcHandlers', () => {
  it('registers every channel, checks the sending frame, and can be undone', async () => {
    const registered = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
    const ipcMain = {
      handle: vi.fn(
        (channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => {
          registered.set(channel, listener);
        },
      ),
      removeHandler: vi.fn((channel: string) => registered.delete(channel)),
    } satisfies Pick<IpcMain, 'handle' | 'removeHandler'>;

    const unregister = registerIpcHandlers({ ipcMain, ...tandem() });
    expect([...registered.keys()].sort()).toEqual([
      'app:get-info',
      'settings:get',
      'settings:set-server-url',
    ]);

    const fromPage = { senderFrame: { url: page } } as unknown as IpcMainInvokeEvent;
    const fromDetachedFrame = { senderFrame: null } as unknown as IpcMainInvokeEvent;
    expect(await registered.get('app:get-info')?.(fromPage, undefined)).toEqual({ ok: true, value: appInfo });
    expect(await registered.get('app:get-info')?.(fromDetachedFrame, undefined)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    unregister();
    expect(registered.size).toBe(0);
  });
});
