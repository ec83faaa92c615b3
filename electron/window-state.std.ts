import { z } from 'zod';

/**
 * Where the Tandem window was, so that it opens there again, and where it may go when the screen it was on is
 * gone (a laptop undocked, a monitor unplugged, a resolution changed): a window off every screen is a window
 * the agent cannot find while the phone rings.
 */
export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Display {
  /** The display's area without task bar, dock and menu bar (Electron's `Display.workArea`). */
  workArea: Rectangle;
}

const coordinate = z.number().int().min(-100_000).max(100_000);
const length = z.number().int().min(1).max(100_000);

export const rectangleSchema = z.strictObject({
  x: coordinate,
  y: coordinate,
  width: length,
  height: length,
});

export const windowStateSchema = z.strictObject({
  /** The window's normal bounds (the size it returns to when un-maximized). */
  bounds: rectangleSchema,
  maximized: z.boolean(),
});

export type WindowState = z.output<typeof windowStateSchema>;

export interface WindowPlacementLimits {
  /** The size used when nothing was saved. */
  defaultSize: { width: number; height: number };
  minimumSize: { width: number; height: number };
}

export interface WindowPlacement {
  /** `undefined` x/y lets the operating system centre the window on the primary display. */
  bounds: Partial<Rectangle> & { width: number; height: number };
  maximized: boolean;
}

/**
 * How much of the window must stay on a display to count as "still there": enough of its title bar to grab
 * it with the mouse.
 */
export const minimumVisibleWidth = 120;
export const minimumVisibleHeight = 40;

/**
 * Where to open the window: the saved bounds if enough of the window's top strip lies on one of the
 * `displays`, shrunk to fit that display; otherwise the saved size (shrunk to fit) centred on the primary
 * display. `displays[0]` is the primary display.
 */
export function placeWindow(
  saved: WindowState | null,
  displays: readonly Display[],
  limits: WindowPlacementLimits,
): WindowPlacement {
  const primary = displays[0];
  if (saved === null || primary === undefined) {
    return {
      bounds: primary ? centredOn(primary.workArea, limits.defaultSize, limits) : { ...limits.defaultSize },
      maximized: saved?.maximized ?? false,
    };
  }
  const home = displays.find((display) => titleBarVisibleOn(saved.bounds, display.workArea));
  if (home === undefined) {
    return { bounds: centredOn(primary.workArea, saved.bounds, limits), maximized: saved.maximized };
  }
  return { bounds: fitInto(home.workArea, saved.bounds, limits), maximized: saved.maximized };
}

function titleBarVisibleOn(bounds: Rectangle, area: Rectangle): boolean {
  const titleBar: Rectangle = { x: bounds.x, y: bounds.y, width: bounds.width, height: minimumVisibleHeight };
  const overlap = intersection(titleBar, area);
  return (
    overlap !== null && overlap.width >= Math.min(minimumVisibleWidth, bounds.width) && overlap.height > 0
  );
}

function intersection(a: Rectangle, b: Rectangle): Rectangle | null {
  const left = Math.max(a.x, b.x);
  const top = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > left && bottom > top ? { x: left, y: top, width: right - left, height: bottom - top } : null;
}

function clampSize(
  size: { width: number; height: number },
  area: Rectangle,
  limits: WindowPlacementLimits,
): { width: number; height: number } {
  // The minimum wins over a display smaller than it: the window then overlaps the edge, as the OS would do.
  return {
    width: Math.max(limits.minimumSize.width, Math.min(size.width, area.width)),
    height: Math.max(limits.minimumSize.height, Math.min(size.height, area.height)),
  };
}

/** The window moved the least distance that brings it wholly inside `area` (if it fits). */
function fitInto(area: Rectangle, bounds: Rectangle, limits: WindowPlacementLimits): Rectangle {
  const size = clampSize(bounds, area, limits);
  const x = Math.max(area.x, Math.min(bounds.x, area.x + area.width - size.width));
  const y = Math.max(area.y, Math.min(bounds.y, area.y + area.height - size.height));
  return { x, y, ...size };
}

function centredOn(
  area: Rectangle,
  size: { width: number; height: number },
  limits: WindowPlacementLimits,
): Rectangle {
  const fitted = clampSize(size, area, limits);
  return {
    x: area.x + Math.max(0, Math.round((area.width - fitted.width) / 2)),
    y: area.y + Math.max(0, Math.round((area.height - fitted.height) / 2)),
    ...fitted,
  };
}
