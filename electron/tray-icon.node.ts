import { crc32, deflateSync } from 'node:zlib';
import type { TrayIconState } from './tray-menu.std.js';

/**
 * The tray icon, drawn in code: a disc in the colour of the agent's state with a ring around it, so that the
 * state reads at 16 px on light and dark task bars alike. Drawing it here (rather than shipping one PNG per
 * state and size) keeps the states and their colours in one place that tests can check.
 */
export const trayIconColours: Readonly<Record<TrayIconState, readonly [number, number, number]>> = {
  'signed-out': [128, 128, 128],
  offline: [96, 96, 96],
  available: [22, 163, 74],
  'not-ready': [234, 88, 12],
  ringing: [37, 99, 235],
  busy: [220, 38, 38],
};

const ring: readonly [number, number, number] = [255, 255, 255];

/** A square RGBA image of the disc, `size` pixels wide (32 for a 16-point icon on a 2x display). */
export function drawTrayIcon(state: TrayIconState, size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const centre = (size - 1) / 2;
  const outer = size / 2;
  const inner = outer - Math.max(1, size / 16);
  const colour = trayIconColours[state];
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const distance = Math.hypot(x - centre, y - centre);
      const offset = (y * size + x) * 4;
      // One pixel of anti-aliasing at the outer edge.
      const alpha = Math.max(0, Math.min(1, outer - distance));
      if (alpha === 0) {
        continue;
      }
      const [red, green, blue] = distance <= inner ? colour : ring;
      pixels[offset] = red;
      pixels[offset + 1] = green;
      pixels[offset + 2] = blue;
      pixels[offset + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

/**
 * A PNG file of RGBA pixels (PNG specification, 3rd edition: signature, IHDR with bit depth 8 and colour type 6,
 * one IDAT of zlib-compressed scanlines each preceded by filter type 0, IEND).
 */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) {
    throw new TypeError(`expected ${width * height * 4} bytes of RGBA, got ${rgba.length}`);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const scanlines = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y += 1) {
    const start = y * (width * 4 + 1);
    scanlines[start] = 0;
    scanlines.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), start + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData) >>> 0, 0);
  return Buffer.concat([length, typeAndData, checksum]);
}

export function trayIconPng(state: TrayIconState, size: number): Buffer {
  return encodePng(size, size, drawTrayIcon(state, size));
}
