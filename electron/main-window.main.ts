import { app, BrowserWindow, screen } from 'electron';
import type { IpcEventName } from './ipc-channels.std.js';
import type { Logger } from './logger.std.js';
import { buildMainWindowOptions } from './window-options.node.js';
import { WindowStateKeeper } from './window-state-keeper.std.js';
import { placeWindow, type WindowState } from './window-state.std.js';

export interface MainWindowOptions {
  mainDirectory: string;
  devTools: boolean;
  serverUrl: string;
  savedState: WindowState | null;
  saveState: (state: WindowState) => Promise<unknown>;
  /** Whether the page now shown may receive our events: the Tandem server and nothing else. */
  isTrustedUrl: (url: string) => boolean;
  onFocusChange: (focused: boolean) => void;
  /** The page finished loading: it may now take what waits for it (dial requests). */
  onPageLoaded: () => void;
  /**
   * Whether the window may close now: `true`, or a question to the agent (a call is in progress) whose
   * answer decides. Not asked when the app is quitting, which asks for itself.
   */
  mayClose: () => true | Promise<boolean>;
  logger: Logger;
}

/**
 * The one Tandem window: placed where the agent left it (on a display that still exists), remembered while it
 * moves, and shown, revealed or focused on request. Events reach the page only while it shows the server.
 */
export class MainWindow {
  readonly #window: BrowserWindow;
  readonly #options: MainWindowOptions;

  constructor(options: MainWindowOptions) {
    this.#options = options;
    const windowOptions = buildMainWindowOptions({
      mainDirectory: options.mainDirectory,
      devTools: options.devTools,
    });
    const placement = placeWindow(
      options.savedState,
      primaryFirst(screen.getAllDisplays(), screen.getPrimaryDisplay().id),
      {
        defaultSize: { width: windowOptions.width ?? 1280, height: windowOptions.height ?? 800 },
        minimumSize: { width: windowOptions.minWidth ?? 800, height: windowOptions.minHeight ?? 560 },
      },
    );
    const window = new BrowserWindow({ ...windowOptions, ...placement.bounds });
    this.#window = window;
    new WindowStateKeeper(window, { save: options.saveState, logger: options.logger });
    window.once('ready-to-show', () => {
      if (placement.maximized) {
        window.maximize();
      }
      window.show();
    });
    this.#guardClose();
    window.on('focus', () => options.onFocusChange(true));
    window.on('blur', () => options.onFocusChange(false));
    window.webContents.on('did-finish-load', () => options.onPageLoaded());
    window.webContents.on(
      'did-fail-load',
      (_event, errorCode, errorDescription, validatedUrl, isMainFrame) => {
        if (isMainFrame) {
          options.logger.error(
            { errorCode, errorDescription, url: validatedUrl },
            'the Tandem server could not be loaded',
          );
          window.show();
        }
      },
    );
    window.loadURL(options.serverUrl).catch((error: unknown) => {
      options.logger.warn({ err: error, serverUrl: options.serverUrl }, 'loading the Tandem server failed');
    });
  }

  /** Closing the window ends Tandem (and a call in progress): ask first, once, and never when quitting. */
  #guardClose(): void {
    let closeAllowed = false;
    let appQuitting = false;
    app.once('before-quit', () => {
      appQuitting = true;
    });
    this.#window.on('close', (event) => {
      if (closeAllowed || appQuitting) {
        return;
      }
      const answer = this.#options.mayClose();
      if (answer === true) {
        return;
      }
      event.preventDefault();
      answer
        .then((close) => {
          if (close && !this.#window.isDestroyed()) {
            closeAllowed = true;
            this.#window.close();
          }
        })
        .catch((error: unknown) => {
          this.#options.logger.warn({ err: error }, 'could not ask whether to close the window');
        });
    });
  }

  get isDestroyed(): boolean {
    return this.#window.isDestroyed();
  }

  get isFocused(): boolean {
    return !this.#window.isDestroyed() && this.#window.isFocused();
  }

  onClosed(listener: () => void): void {
    this.#window.on('closed', listener);
  }

  /** Brings the window to the front with the keyboard focus: the agent asked for it. */
  focus(): void {
    if (this.#window.isDestroyed()) {
      return;
    }
    if (this.#window.isMinimized()) {
      this.#window.restore();
    }
    this.#window.show();
    this.#window.focus();
  }

  /**
   * Makes the window visible without taking the focus from what the agent types elsewhere (a call rings), and
   * asks the task bar to draw attention to it.
   */
  reveal(): void {
    if (this.#window.isDestroyed()) {
      return;
    }
    if (this.#window.isMinimized()) {
      this.#window.restore();
    }
    if (!this.#window.isVisible()) {
      this.#window.showInactive();
    }
    if (!this.#window.isFocused()) {
      this.#window.flashFrame(true);
    }
  }

  /** Sends an event to the page, if the page is the Tandem server (never to a page it may have strayed to). */
  send(event: IpcEventName, payload?: unknown): boolean {
    if (this.#window.isDestroyed()) {
      return false;
    }
    const contents = this.#window.webContents;
    if (contents.isLoading() || !this.#options.isTrustedUrl(contents.getURL())) {
      return false;
    }
    contents.send(event, payload);
    return true;
  }
}

function primaryFirst<Display extends { id: number }>(
  displays: readonly Display[],
  primaryId: number,
): Display[] {
  return [...displays].sort((a, b) => Number(b.id === primaryId) - Number(a.id === primaryId));
}
