/**
 * Entry point of the Tandem desktop app (built to `dist/electron/main.js`, ESM). Only wiring lives here: every
 * decision is made in a module that tests run in Node without Electron.
 *
 * Order matters. Electron emits `ready` only after this module's top level has run, so the switches that must
 * precede `ready` (sandbox, single-instance lock, early event listeners) sit at the top level, and nothing here
 * awaits `app.whenReady()` at the top level (that would hang: see the Electron ESM guide).
 */
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { appId } from './app-identity.std.js';
import { buildContentSecurityPolicy } from './content-security-policy.std.js';
import type { AppInfo } from './ipc-contract.std.js';
import { createTandemIpcHandlers, registerIpcHandlers } from './ipc-handlers.main.js';
import { findDialLink, parseLaunchOptions, type LaunchOptions } from './launch-options.std.js';
import { createMainLogger } from './main-logger.node.js';
import { isServerUrl } from './navigation-policy.std.js';
import { serverOriginOf } from './server-url.std.js';
import { SettingsStore } from './settings-store.node.js';
import { secureSession, secureWebContents, type WebSecurityOptions } from './web-security.main.js';
import { buildMainWindowOptions } from './window-options.node.js';

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

let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another Tandem is running: it receives our command line in its 'second-instance' event.
  logger.info({}, 'another instance is running; handing over to it');
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    showMainWindow();
    const dialLink = findDialLink(argv);
    if (dialLink !== null) {
      logger.info({ dialLink }, 'dial link received (not yet handled)');
    }
  });
  // macOS hands tel:/sip: links over with this event rather than on the command line.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    logger.info({ dialLink: url }, 'dial link received (not yet handled)');
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
  registerIpcHandlers({
    ipcMain,
    handlers: createTandemIpcHandlers({
      appInfo: currentAppInfo(),
      settingsStore,
      launchInputs,
      activeLaunch: launch.value,
    }),
    isTrustedSender: (senderUrl) => isServerUrl(senderUrl, serverOrigin),
    logger: logger.child({ module: 'ipc' }),
  });
  openMainWindow(launch.value);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) {
      openMainWindow(launch.value);
    }
  });
}

function openMainWindow(launch: LaunchOptions): void {
  const window = new BrowserWindow(
    buildMainWindowOptions({ mainDirectory: import.meta.dirname, devTools: !app.isPackaged }),
  );
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) {
      mainWindow = null;
    }
  });
  window.webContents.on('did-fail-load', (_event, errorCode, errorDescription, validatedUrl, isMainFrame) => {
    if (isMainFrame) {
      logger.error(
        { errorCode, errorDescription, url: validatedUrl },
        'the Tandem server could not be loaded',
      );
      window.show();
    }
  });
  window.loadURL(launch.serverUrl).catch((error: unknown) => {
    logger.warn({ err: error, serverUrl: launch.serverUrl }, 'loading the Tandem server failed');
  });
}

function showMainWindow(): void {
  if (mainWindow === null) {
    return;
  }
  if (mainWindow.isMinimized()) {
    mainWindow.restore();
  }
  mainWindow.show();
  mainWindow.focus();
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
