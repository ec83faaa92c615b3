import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { trayIconColours, trayIconPng } from './tray-icon.node.js';

const run = promisify(execFile);

/** Reads back what encodePng wrote, checking every chunk's CRC: a minimal PNG decoder for filter type 0. */
function decodePng(png: Buffer) {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks = new Map<string, Buffer>();
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(
      crc32(png.subarray(offset + 4, offset + 8 + length)) >>> 0,
    );
    chunks.set(type, data);
    offset += 12 + length;
  }
  const header = chunks.get('IHDR')!;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  expect([...header.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
  const raw = inflateSync(chunks.get('IDAT')!);
  const pixel = (x: number, y: number) => {
    const start = y * (width * 4 + 1) + 1 + x * 4;
    return [...raw.subarray(start, start + 4)];
  };
  return { width, height, pixel, hasEnd: chunks.has('IEND') };
}

describe('the tray icon', () => {
  it('is a PNG whose centre shows the colour of the agent state, with transparent corners', () => {
    for (const [state, colour] of Object.entries(trayIconColours)) {
      const image = decodePng(trayIconPng(state as keyof typeof trayIconColours, 32));
      expect(image).toMatchObject({ width: 32, height: 32, hasEnd: true });
      expect({ state, centre: image.pixel(16, 16) }).toEqual({ state, centre: [...colour, 255] });
      expect(image.pixel(0, 0)[3]).toBe(0);
      expect(image.pixel(31, 31)[3]).toBe(0);
    }
  });

  it('has a different colour for each state the agent needs to tell apart', () => {
    const colours = Object.values(trayIconColours).map((colour) => colour.join(','));
    expect(new Set(colours).size).toBe(colours.length);
  });

  it('is a file another PNG reader accepts, when one is installed', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'tandem-tray-'));
    try {
      const path = join(directory, 'available.png');
      await writeFile(path, trayIconPng('available', 32));
      const { stdout } = await run('file', [path]).catch(() => ({ stdout: '' }));
      if (stdout !== '') {
        expect(stdout).toMatch(/PNG image data, 32 x 32, 8-bit\/color RGBA/);
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
