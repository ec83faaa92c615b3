import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from './logger.std.js';
import type { WindowState } from './window-state.std.js';
import { WindowStateKeeper, type TrackedWindow } from './window-state-keeper.std.js';

/** A window the test moves by hand, with timers the test fires by hand. */
function fakeWindow() {
  const listeners = new Map<string, Array<() => void>>();
  const window = {
    bounds: { x: 10, y: 20, width: 1280, height: 800 },
    maximized: false,
    minimized: false,
    fullScreen: false,
    getNormalBounds: () => ({ ...window.bounds }),
    isMaximized: () => window.maximized,
    isMinimized: () => window.minimized,
    isFullScreen: () => window.fullScreen,
    on: (event: string, listener: () => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
  };
  const emit = (event: string) => listeners.get(event)?.forEach((listener) => listener());
  return { window: window satisfies TrackedWindow, emit };
}

function keeper() {
  const fake = fakeWindow();
  const saves: WindowState[] = [];
  const timers: Array<{ callback: () => void; cleared: boolean }> = [];
  const save = vi.fn(async (state: WindowState) => {
    saves.push(state);
  });
  const instance = new WindowStateKeeper(fake.window, {
    save,
    logger: silentLogger,
    setTimer: (callback) => {
      const timer = { callback, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      (timer as { cleared: boolean }).cleared = true;
    },
  });
  const fireTimers = () => timers.filter((timer) => !timer.cleared).forEach((timer) => timer.callback());
  return { ...fake, saves, save, instance, fireTimers, timers };
}

describe('remembering the window while the agent moves it', () => {
  it('saves once after a drag has settled, not on every move event', () => {
    const test = keeper();
    for (let x = 10; x < 200; x += 10) {
      test.window.bounds.x = x;
      test.emit('move');
    }
    expect(test.saves).toEqual([]);
    test.fireTimers();
    expect(test.saves).toEqual([{ bounds: { x: 190, y: 20, width: 1280, height: 800 }, maximized: false }]);
  });

  it('saves the normal bounds together with the maximized flag', () => {
    const test = keeper();
    test.window.maximized = true;
    test.emit('maximize');
    test.fireTimers();
    expect(test.saves).toEqual([{ bounds: { x: 10, y: 20, width: 1280, height: 800 }, maximized: true }]);
  });

  it('saves at once when the window closes and nothing after that', () => {
    const test = keeper();
    test.window.bounds.width = 1000.4;
    test.emit('resize');
    test.emit('close');
    expect(test.saves).toEqual([{ bounds: { x: 10, y: 20, width: 1000, height: 800 }, maximized: false }]);
    test.emit('move');
    test.fireTimers();
    expect(test.saves).toHaveLength(1);
  });

  it('does not save a minimized or full-screen window, nor the same state twice', () => {
    const test = keeper();
    test.window.minimized = true;
    test.emit('resize');
    test.fireTimers();
    test.window.minimized = false;
    test.window.fullScreen = true;
    test.emit('resize');
    test.fireTimers();
    expect(test.saves).toEqual([]);
    test.window.fullScreen = false;
    test.emit('resize');
    test.fireTimers();
    test.emit('move');
    test.fireTimers();
    expect(test.saves).toHaveLength(1);
  });

  it('tries again on the next change when a save failed', async () => {
    const test = keeper();
    test.save.mockRejectedValueOnce(new Error('disk full'));
    test.emit('move');
    test.fireTimers();
    await Promise.resolve();
    await Promise.resolve();
    test.emit('move');
    test.fireTimers();
    expect(test.save).toHaveBeenCalledTimes(2);
  });
});
