import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  createTandemIpcHandlers,
  handleIpcCall,
  registerIpcHandlers,
  type DesktopShell,
  type IpcCallContext,
  type TandemIpcDependencies,
} from './ipc-handlers.main.js';
import { ipcInputSchemas, type AppInfo } from './ipc-contract.std.js';
import { DesktopHistory } from './history/desktop-history.node.js';
import { silentLogger } from './logger.std.js';
import { SecretsUnavailableError, type SecretName, type SecretStore } from './secret-store.std.js';
import { defaultSettings, type TandemSettings } from './settings-schema.std.js';

const page = 'http://127.0.0.1:8080/agent';
const appInfo: AppInfo = {
  name: 'Tandem',
  version: '0.1.0',
  platform: 'linux',
  arch: 'x64',
  electronVersion: '45.4.1',
  chromeVersion: '140.0.0.0',
};

function fakeSettingsStore(initial: TandemSettings = defaultSettings) {
  const store = {
    current: initial,
    update: vi.fn(async (change: Partial<TandemSettings>) => {
      store.current = { ...store.current, ...change };
      return store.current;
    }),
  };
  return store;
}

function fakeShell() {
  return {
    setStatus: vi.fn(),
    showIncomingCall: vi.fn(),
    dismissIncomingCall: vi.fn(),
    takePendingDial: vi.fn(() => null),
    applyStartAtLogin: vi.fn(async () => {}),
    applyGlobalShortcuts: vi.fn(),
  } satisfies DesktopShell;
}

/** A secret store in memory, that can be told the computer has no key store. */
function fakeSecrets() {
  const values = new Map<SecretName, string>();
  const state = { available: true };
  const secrets = {
    get available(): boolean {
      return state.available;
    },
    set available(value: boolean) {
      state.available = value;
    },
    values,
    isAvailable: async () => state.available,
    get: async (name: SecretName) => values.get(name) ?? null,
    set: async (name: SecretName, value: string) => {
      if (!state.available) throw new SecretsUnavailableError('No key store on this computer.');
      values.set(name, value);
    },
    delete: async (name: SecretName) => {
      values.delete(name);
    },
  };
  return secrets satisfies SecretStore;
}

function tandem(overrides: Partial<TandemIpcDependencies> = {}): IpcCallContext & {
  settingsStore: ReturnType<typeof fakeSettingsStore>;
  shell: ReturnType<typeof fakeShell>;
  secrets: ReturnType<typeof fakeSecrets>;
} {
  const settingsStore = fakeSettingsStore();
  const shell = fakeShell();
  const secrets = fakeSecrets();
  const dependencies: TandemIpcDependencies = {
    appInfo,
    settingsStore,
    launchInputs: { argv: ['electron', 'main.js'], env: {} },
    activeLaunch: { serverUrl: 'http://127.0.0.1:8080/', serverUrlSource: 'default', dialLink: null },
    shell,
    secrets,
    history: new DesktopHistory({ userDataDirectory: '/nonexistent', serverOrigin: 'http://127.0.0.1:8080' }),
    // The Microsoft channels are tested in microsoft-sign-in-ipc-handlers.main.test.ts.
    microsoftSignIn: {
      signIn: async () => ({ kind: 'refused', code: 'disabled', message: 'not in this test' }),
      signOut: async () => {},
    },
    ...overrides,
  };
  return {
    handlers: createTandemIpcHandlers(dependencies),
    isTrustedSender: (url) => url.startsWith('http://127.0.0.1:8080/'),
    logger: silentLogger,
    settingsStore,
    shell,
    secrets,
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
        startAtLogin: false,
        globalShortcuts: defaultSettings.globalShortcuts,
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
        startAtLogin: false,
        globalShortcuts: defaultSettings.globalShortcuts,
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
    expect([...registered.keys()].sort()).toEqual(Object.keys(ipcInputSchemas).sort());
    expect(registered.size).toBe(25);

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

describe('Tandem IPC handlers for the desktop shell', () => {
  const call = { callId: 'c1', callerNumber: '+15550100', callerName: null, queueName: 'Sales' };

  it('lets the tray and global shortcuts follow the agent state', async () => {
    const context = tandem();
    const status = { agentState: 'OnCall', call: { onHold: true, muted: false }, locale: 'de' };
    expect(await handleIpcCall('desktop:set-status', page, status, context)).toEqual({
      ok: true,
      value: null,
    });
    expect(context.shell.setStatus).toHaveBeenCalledWith(status);
    for (const bad of [{ ...status, agentState: 'Sleeping' }, { ...status, call: { onHold: 'yes' } }, null]) {
      expect(await handleIpcCall('desktop:set-status', page, bad, context)).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    }
    expect(context.shell.setStatus).toHaveBeenCalledTimes(1);
  });

  it('shows and dismisses the incoming-call notification', async () => {
    const context = tandem();
    expect(await handleIpcCall('call:show-incoming', page, call, context)).toEqual({ ok: true, value: null });
    expect(context.shell.showIncomingCall).toHaveBeenCalledWith(call);
    await handleIpcCall('call:dismiss-incoming', page, { callId: 'c1' }, context);
    expect(context.shell.dismissIncomingCall).toHaveBeenCalledWith('c1');
    expect(await handleIpcCall('call:show-incoming', page, { ...call, callId: '' }, context)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('hands over a waiting dial request', async () => {
    const context = tandem();
    const request = { kind: 'number', target: '+15550100', extension: null, scheme: 'tel' } as const;
    context.shell.takePendingDial.mockReturnValueOnce(request as never);
    expect(await handleIpcCall('dial:take-pending', page, undefined, context)).toEqual({
      ok: true,
      value: request,
    });
    expect(await handleIpcCall('dial:take-pending', page, undefined, context)).toEqual({
      ok: true,
      value: null,
    });
  });

  it('turns start at login on in the operating system first, then saves it', async () => {
    const context = tandem();
    expect(
      await handleIpcCall('settings:set-start-at-login', page, { enabled: true }, context),
    ).toMatchObject({
      ok: true,
      value: { startAtLogin: true },
    });
    expect(context.shell.applyStartAtLogin).toHaveBeenCalledWith(true);

    const failing = tandem();
    failing.shell.applyStartAtLogin.mockRejectedValueOnce(new Error('EACCES: ~/.config/autostart'));
    expect(await handleIpcCall('settings:set-start-at-login', page, { enabled: true }, failing)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'EACCES: ~/.config/autostart' },
    });
    expect(failing.settingsStore.update).not.toHaveBeenCalled();
  });

  it('saves global shortcuts and applies them, refusing keys other applications need', async () => {
    const context = tandem();
    const shortcuts = { enabled: true, answer: 'Ctrl+Alt+F9', hangUp: 'Ctrl+Alt+F10' };
    expect(await handleIpcCall('settings:set-global-shortcuts', page, shortcuts, context)).toMatchObject({
      ok: true,
      value: { globalShortcuts: shortcuts },
    });
    expect(context.shell.applyGlobalShortcuts).toHaveBeenCalledWith(shortcuts);
    const refused = await handleIpcCall(
      'settings:set-global-shortcuts',
      page,
      { ...shortcuts, answer: 'F9' },
      context,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/needs Control, Command, Alt or Super/);
  });

  it('keeps secrets under known names only, and says when the computer has no key store', async () => {
    const context = tandem();
    expect(
      await handleIpcCall('secrets:set', page, { name: 'agent-password', value: 'pw' }, context),
    ).toEqual({
      ok: true,
      value: null,
    });
    expect(await handleIpcCall('secrets:get', page, { name: 'agent-password' }, context)).toEqual({
      ok: true,
      value: 'pw',
    });
    expect(await handleIpcCall('secrets:get', page, { name: 'ssh-key' }, context)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(
      await handleIpcCall('secrets:set', page, { name: 'agent-password', value: '' }, context),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    await handleIpcCall('secrets:delete', page, { name: 'agent-password' }, context);
    expect(context.secrets.values.size).toBe(0);

    context.secrets.available = false;
    expect(await handleIpcCall('secrets:is-available', page, undefined, context)).toEqual({
      ok: true,
      value: false,
    });
    expect(
      await handleIpcCall('secrets:set', page, { name: 'agent-password', value: 'pw' }, context),
    ).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'No key store on this computer.' },
    });
  });

  it('refuses every desktop channel to a page from elsewhere', async () => {
    const context = tandem();
    expect(
      await handleIpcCall('secrets:get', 'https://evil.example.com/', { name: 'agent-password' }, context),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await handleIpcCall('dial:take-pending', 'https://evil.example.com/', undefined, context),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(context.shell.takePendingDial).not.toHaveBeenCalled();
  });
});
