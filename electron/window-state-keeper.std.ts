import type { Logger } from './logger.std.js';
import type { Rectangle, WindowState } from './window-state.std.js';

/** The part of a `BrowserWindow` the keeper watches. */
export interface TrackedWindow {
  /** Bounds when neither maximized nor full screen: what the window returns to. */
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  isMinimized(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

export interface WindowStateKeeperOptions {
  save: (state: WindowState) => Promise<unknown>;
  logger: Logger;
  /** Moving or resizing fires many events; save once it has been quiet this long. */
  quietMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Saves the window's bounds and maximized state while the agent moves it around, once things are quiet, and
 * at once when the window closes. A minimized or full-screen window is not saved: the agent wants it back as
 * it was before.
 */
export class WindowStateKeeper {
  readonly #window: TrackedWindow;
  readonly #options: WindowStateKeeperOptions;
  readonly #quietMs: number;
  #timer: unknown = null;
  #lastSaved: string | null = null;
  #closed = false;

  constructor(window: TrackedWindow, options: WindowStateKeeperOptions) {
    this.#window = window;
    this.#options = options;
    this.#quietMs = options.quietMs ?? 500;
    const later = () => this.#saveLater();
    for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) {
      window.on(event, later);
    }
    window.on('close', () => this.saveNow());
  }

  /** Saves at once (if anything changed); further events are ignored after the window closed. */
  saveNow(): void {
    this.#cancelTimer();
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#save();
  }

  #saveLater(): void {
    if (this.#closed) {
      return;
    }
    this.#cancelTimer();
    const setTimer = this.#options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.#timer = setTimer(() => {
      this.#timer = null;
      this.#save();
    }, this.#quietMs);
  }

  #cancelTimer(): void {
    if (this.#timer !== null) {
      const clearTimer =
        this.#options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
      clearTimer(this.#timer);
      this.#timer = null;
    }
  }

  #save(): void {
    if (this.#window.isMinimized() || this.#window.isFullScreen()) {
      return;
    }
    const state: WindowState = {
      bounds: roundRectangle(this.#window.getNormalBounds()),
      maximized: this.#window.isMaximized(),
    };
    const serialized = JSON.stringify(state);
    if (serialized === this.#lastSaved) {
      return;
    }
    this.#lastSaved = serialized;
    this.#options.save(state).catch((error: unknown) => {
      this.#lastSaved = null;
      this.#options.logger.warn({ err: error }, 'the window position could not be saved');
    });
  }
}

function roundRectangle(rectangle: Rectangle): Rectangle {
  return {
    x: Math.round(rectangle.x),
    y: Math.round(rectangle.y),
    width: Math.max(1, Math.round(rectangle.width)),
    height: Math.max(1, Math.round(rectangle.height)),
  };
}
