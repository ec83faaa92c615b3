import { describe, expect, it } from 'vitest';
import { placeWindow, windowStateSchema, type Display, type WindowState } from './window-state.std.js';

const limits = { defaultSize: { width: 1280, height: 800 }, minimumSize: { width: 800, height: 560 } };
const laptop: Display = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
/** A second monitor to the right of the laptop. */
const monitor: Display = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };

const saved = (x: number, y: number, width = 1280, height = 800, maximized = false): WindowState => ({
  bounds: { x, y, width, height },
  maximized,
});

describe('placing the window where the agent left it', () => {
  it('opens a first-time window at the default size, centred on the primary display', () => {
    expect(placeWindow(null, [laptop, monitor], limits)).toEqual({
      bounds: { x: 320, y: 120, width: 1280, height: 800 },
      maximized: false,
    });
  });

  it('puts the window back exactly where it was, also on a second monitor', () => {
    expect(placeWindow(saved(100, 50), [laptop], limits).bounds).toEqual({
      x: 100,
      y: 50,
      width: 1280,
      height: 800,
    });
    expect(placeWindow(saved(2200, 300), [laptop, monitor], limits).bounds).toEqual({
      x: 2200,
      y: 300,
      width: 1280,
      height: 800,
    });
  });

  it('remembers that the window was maximized', () => {
    expect(placeWindow(saved(100, 50, 1280, 800, true), [laptop], limits).maximized).toBe(true);
  });

  it('brings a window from an unplugged monitor back to the primary display', () => {
    expect(placeWindow(saved(2200, 300), [laptop], limits)).toEqual({
      bounds: { x: 320, y: 120, width: 1280, height: 800 },
      maximized: false,
    });
  });

  it('pulls a window that hangs over the edge back inside its display', () => {
    expect(placeWindow(saved(1500, 600), [laptop], limits).bounds).toEqual({
      x: 640,
      y: 240,
      width: 1280,
      height: 800,
    });
  });

  it('counts a window whose title bar is off screen as lost, even if its body shows', () => {
    // The top strip is above the display: the agent could not drag it.
    expect(placeWindow(saved(100, -500), [laptop], limits).bounds).toEqual({
      x: 320,
      y: 120,
      width: 1280,
      height: 800,
    });
  });

  it('shrinks a window saved on a big monitor to fit a smaller one, never below the minimum', () => {
    expect(placeWindow(saved(10, 10, 2400, 1300), [laptop], limits).bounds).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1040,
    });
    const tiny: Display = { workArea: { x: 0, y: 0, width: 640, height: 480 } };
    expect(placeWindow(saved(0, 0), [tiny], limits).bounds).toMatchObject({ width: 800, height: 560 });
  });

  it('handles displays with negative coordinates (a monitor left of or above the primary one)', () => {
    const left: Display = { workArea: { x: -1920, y: -200, width: 1920, height: 1080 } };
    expect(placeWindow(saved(-1800, -100), [laptop, left], limits).bounds).toEqual({
      x: -1800,
      y: -100,
      width: 1280,
      height: 800,
    });
  });

  it('leaves placement to the operating system when no display is known', () => {
    expect(placeWindow(saved(5, 5), [], limits)).toEqual({
      bounds: { width: 1280, height: 800 },
      maximized: false,
    });
  });

  it('refuses a saved state that is not a window state', () => {
    expect(windowStateSchema.safeParse(saved(0, 0)).success).toBe(true);
    expect(
      windowStateSchema.safeParse({ bounds: { x: 0, y: 0, width: 0, height: 10 }, maximized: false }).success,
    ).toBe(false);
    expect(
      windowStateSchema.safeParse({ bounds: { x: 0.5, y: 0, width: 10, height: 10 }, maximized: false })
        .success,
    ).toBe(false);
    expect(windowStateSchema.safeParse({ bounds: { x: 0, y: 0, width: 10, height: 10 } }).success).toBe(
      false,
    );
    expect(
      windowStateSchema.safeParse({ bounds: { x: 1e9, y: 0, width: 10, height: 10 }, maximized: false })
        .success,
    ).toBe(false);
  });
});
