/**
 * Entry point of the Tandem desktop app (built to `dist/electron/main.js`, ESM). Only wiring lives here: every
 * decision is made in a module that tests run in Node without Electron.
 *
 * Order matters. Electron emits `ready` only after this module's top level has run, so the switches that must
 * precede `ready` (sandbox, single-instance lock, early event listeners) sit at the top level, and nothing here
 * awaits `app.whenReady()` at the top level (that would hang: see the Electron ESM guide).
 */
import {
  app,
  BrowserWindow,
  dialog,
  globalShortcut,
  ipcMain,
  Notification,
  safeStorage,
  session,
  shell,
} from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appId } from './app-identity.std.js';
import { buildContentSecurityPolicy } from './content-security-policy.std.js';
import { DesktopShellController } from './desktop-shell.main.js';
import { desktopLocaleOf } from './desktop-status.std.js';
import { desktopStrings } from './desktop-strings.std.js';
import { GlobalShortcutController } from './global-shortcuts.main.js';
import { DesktopHistory } from './history/desktop-history.node.js';
import { IncomingCallNotifier } from './incoming-call-notifier.main.js';
import { IpcEvent } from './ipc-channels.std.js';
import type { AppInfo } from './ipc-contract.std.js';
import { createTandemIpcHandlers, registerIpcHandlers } from './ipc-handlers.main.js';
import { findDialLink, parseLaunchOptions, type LaunchOptions } from './launch-options.std.js';
import type { Logger } from './logger.std.js';
import { MainWindow } from './main-window.main.js';
import { DesktopMicrosoftSignIn } from './microsoft-sign-in.node.js';
import { MicrosoftSignInSession } from './microsoft-sign-in-session.node.js';
import { createMainLogger } from './main-logger.node.js';
import { isServerUrl } from './navigation-policy.std.js';
import { PendingDialRequests } from './pending-dial-requests.std.js';
import { SafeStorageSecretStore } from './safe-storage-secret-store.node.js';
import { serverOriginOf } from './server-url.std.js';
import { SettingsStore } from './settings-store.node.js';
import { applyStartAtLogin, linuxAutostartDirectory } from './start-at-login.node.js';
import { TandemTray } from './tray.main.js';
import { secureSession, secureWebContents, type WebSecurityOptions } from './web-security.main.js';

// Every renderer sandboxed, including any we might forget to configure (Element Desktop does the same).
app.enableSandbox();
if (process.platform === 'win32') {
  app.setAppUserModelId(appId);
}

const { logger, flush } = createMainLogger({
  directory: app.getPath('logs'),
  toStandardOutput: !app.isPackaged,
});
app.on('quit', flush);

let mainWindow: MainWindow | null = null;
let desktopShell: DesktopShellController | null = null;
/** Links that arrive (second instance, macOS open-url) before the shell is up; handed over once it is. */
const earlyDialLinks: string[] = [];

function receiveDialLink(link: string): void {
  if (desktopShell === null) {
    earlyDialLinks.push(link);
  } else {
    desktopShell.receiveDialLink(link);
  }
}

if (!app.requestSingleInstanceLock()) {
  // Another Tandem is running: it receives our command line in its 'second-instance' event.
  logger.info({}, 'another instance is running; handing over to it');
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    mainWindow?.focus();
    const dialLink = findDialLink(argv);
    if (dialLink !== null) {
      receiveDialLink(dialLink);
    }
  });
  // macOS hands tel:/sip:/callto: links over with this event rather than on the command line.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    receiveDialLink(url);
  });
  start().catch((error: unknown) => {
    logger.error({ err: error }, 'Tandem failed to start');
    dialog.showErrorBox('Tandem cannot start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const settingsStore = new SettingsStore({
    directory: app.getPath('userData'),
    logger: logger.child({ module: 'settings' }),
  });
  await settingsStore.load();

  const launchInputs = { argv: process.argv, env: process.env };
  const launch = parseLaunchOptions({ ...launchInputs, savedServerUrl: settingsStore.current.serverUrl });
  if (!launch.ok) {
    logger.error({ problem: launch.error }, 'bad launch options');
    await app.whenReady();
    dialog.showErrorBox('Tandem cannot start', launch.error);
    app.exit(2);
    return;
  }
  logger.info(
    { serverUrl: launch.value.serverUrl, source: launch.value.serverUrlSource, version: app.getVersion() },
    'starting',
  );

  const serverOrigin = serverOriginOf(launch.value.serverUrl);
  const isTrustedUrl = (url: string) => isServerUrl(url, serverOrigin);
  const security: WebSecurityOptions = {
    serverOrigin,
    contentSecurityPolicy: buildContentSecurityPolicy({ serverOrigin }),
    openExternal: (url) => shell.openExternal(url),
    logger: logger.child({ module: 'web-security' }),
  };
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents, security));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') {
      app.quit();
    }
  });

  await app.whenReady();
  secureSession(session.defaultSession, security);

  const startAtLoginTarget = {
    platform: process.platform,
    app,
    executablePath: process.env['APPIMAGE'] ?? process.execPath,
    linuxAutostartDirectory: linuxAutostartDirectory(process.env, homedir()),
  };
  const shortcuts = new GlobalShortcutController(
    globalShortcut,
    (command) => desktopShell?.sendCommand(command),
    logger.child({ module: 'global-shortcuts' }),
  );
  const controller = new DesktopShellController({
    window: () => mainWindow,
    tray: createTray((action) => desktopShell?.runTrayAction(action), logger.child({ module: 'tray' })),
    notifier: new IncomingCallNotifier({
      createNotification: (options) =>
        Notification.isSupported()
          ? new Notification(options)
          : { on: () => {}, show: () => {}, close: () => {} },
      revealWindow: () => mainWindow?.reveal(),
      focusWindow: () => mainWindow?.focus(),
      logger: logger.child({ module: 'notifications' }),
    }),
    shortcuts,
    pendingDials: new PendingDialRequests({ logger: logger.child({ module: 'dial-links' }) }),
    globalShortcutSettings: () => settingsStore.current.globalShortcuts,
    applyStartAtLogin: (enabled) => applyStartAtLogin(startAtLoginTarget, enabled),
    confirmQuitDuringCall,
    quit: () => app.quit(),
    logger: logger.child({ module: 'desktop-shell' }),
  });
  desktopShell = controller;
  const history = new DesktopHistory({
    userDataDirectory: app.getPath('userData'),
    serverOrigin,
    // Built beside main.js by electron/build.mjs; better-sqlite3 stays an import of the packaged app.
    workerFile: join(import.meta.dirname, 'history-worker.js'),
    // The oldest calls go first beyond what IT allows (settings.json `localHistory.maxMegabytes`).
    sync: { maxBytes: settingsStore.current.localHistory.maxMegabytes * 1024 ** 2 },
    onStatus: (status) => mainWindow?.send(IpcEvent.HistoryStatusChanged, status),
    logger: logger.child({ module: 'history' }),
  });
  let settingsFlushed = false;
  app.on('will-quit', (event) => {
    shortcuts.clear();
    // The window's last position is saved as it closes: let that write finish before the process ends.
    if (!settingsFlushed) {
      event.preventDefault();
      void Promise.allSettled([settingsStore.flush(), history.close({ wipe: false })]).finally(() => {
        settingsFlushed = true;
        app.quit();
      });
    }
  });

  const secrets = new SafeStorageSecretStore({
    encryptor: safeStorage,
    platform: process.platform,
    directory: app.getPath('userData'),
    logger: logger.child({ module: 'secrets' }),
  });
  const microsoftLogger = logger.child({ module: 'microsoft-sign-in' });
  const microsoftSignIn = new MicrosoftSignInSession({
    serverOrigin,
    // The app registration the server names; the system browser signs in (never a window of ours).
    createClient: ({ clientId, authority }) =>
      new DesktopMicrosoftSignIn({
        clientId,
        authority,
        secrets,
        openBrowser: async (url) => {
          if (new URL(url).protocol !== 'https:') throw new Error('the sign-in page must be https');
          await shell.openExternal(url);
        },
        logger: microsoftLogger,
      }),
    forgetCache: () => secrets.delete('microsoft-token-cache'),
    logger: microsoftLogger,
  });

  registerIpcHandlers({
    ipcMain,
    handlers: createTandemIpcHandlers({
      appInfo: currentAppInfo(),
      settingsStore,
      launchInputs,
      activeLaunch: launch.value,
      shell: controller,
      history,
      secrets,
      microsoftSignIn,
    }),
    isTrustedSender: isTrustedUrl,
    logger: logger.child({ module: 'ipc' }),
  });

  // IT may have set start-at-login in a pre-configured settings file: make the OS agree with it.
  applyStartAtLogin(startAtLoginTarget, settingsStore.current.startAtLogin).catch((error: unknown) => {
    logger.warn({ err: error }, 'start at login could not be applied');
  });

  const open = () => openMainWindow(launch.value, settingsStore, controller, isTrustedUrl);
  open();
  if (launch.value.dialLink !== null) {
    controller.receiveDialLink(launch.value.dialLink);
  }
  for (const link of earlyDialLinks.splice(0)) {
    controller.receiveDialLink(link);
  }
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) {
      open();
    }
  });
}

function openMainWindow(
  launch: LaunchOptions,
  settingsStore: SettingsStore,
  controller: DesktopShellController,
  isTrustedUrl: (url: string) => boolean,
): void {
  const window = new MainWindow({
    mainDirectory: import.meta.dirname,
    devTools: !app.isPackaged,
    serverUrl: launch.serverUrl,
    savedState: settingsStore.current.windowState,
    saveState: (windowState) => settingsStore.update({ windowState }),
    isTrustedUrl,
    onFocusChange: (focused) => controller.windowFocusChanged(focused),
    onPageLoaded: () => controller.pageLoaded(),
    mayClose: () => controller.mayCloseWindow(),
    logger: logger.child({ module: 'window' }),
  });
  mainWindow = window;
  window.onClosed(() => {
    if (mainWindow === window) {
      mainWindow = null;
    }
  });
}

/** A tray icon where the desktop has a tray; Tandem works without one (some Linux desktops). */
function createTray(
  onAction: ConstructorParameters<typeof TandemTray>[0],
  trayLogger: Logger,
): TandemTray | null {
  try {
    return new TandemTray(onAction, trayLogger);
  } catch (error) {
    trayLogger.warn({ err: error }, 'no tray icon on this desktop');
    return null;
  }
}

async function confirmQuitDuringCall(locale: string): Promise<boolean> {
  const strings = desktopStrings[desktopLocaleOf(locale)];
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: strings.quitDuringCallTitle,
    message: strings.quitDuringCallTitle,
    detail: strings.quitDuringCallMessage,
    buttons: [strings.stay, strings.quitAnyway],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return response === 1;
}

function currentAppInfo(): AppInfo {
  const platform = process.platform;
  return {
    name: app.getName(),
    version: app.getVersion(),
    platform: platform === 'darwin' || platform === 'linux' || platform === 'win32' ? platform : 'other',
    arch: process.arch,
    electronVersion: process.versions.electron,
    chromeVersion: process.versions.chrome,
  };
}
