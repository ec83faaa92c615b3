import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsGzip, StaticFiles } from './static-files.js';

describe('acceptsGzip', () => {
  it('reads the codings a client accepts', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('br')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip(['deflate', 'gzip'])).toBe(true);
  });
});

describe('StaticFiles', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const script = `console.log(${JSON.stringify('desk '.repeat(2_000))});\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tandem</title>');
    writeFileSync(join(dir, 'assets', 'desk.js'), script);
    writeFileSync(join(dir, 'assets', 'tone.wav'), Buffer.alloc(4_096, 1));
    const files = new StaticFiles(dir);
    server = createServer((request, response) => {
      void files.serve(request, response).then((found) => {
        if (!found) response.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Raw bytes and headers (fetch would undo the compression). */
  async function get(path: string, encoding?: string) {
    const { request } = await import('node:http');
    return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
      (resolve, reject) => {
        const req = request(
          `${base}${path}`,
          { headers: encoding ? { 'Accept-Encoding': encoding } : {} },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
  }

  it('gzips a script for a client that accepts it, the same bytes when unpacked', async () => {
    for (let round = 0; round < 2; round++) {
      const answer = await get('/assets/desk.js', 'gzip, br');
      expect(answer.headers['content-encoding']).toBe('gzip');
      expect(answer.headers['vary']).toBe('Accept-Encoding');
      expect(answer.body.length).toBeLessThan(script.length / 10);
      expect(gunzipSync(answer.body).toString()).toBe(script);
    }
  });

  it('sends it plain to a client that does not, and never gzips audio or tiny files', async () => {
    const plain = await get('/assets/desk.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const audio = await get('/assets/tone.wav', 'gzip');
    expect(audio.headers['content-encoding']).toBeUndefined();
    expect(audio.body.length).toBe(4_096);
    const page = await get('/', 'gzip');
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.body.toString()).toContain('<title>Tandem</title>');
  });

  it('serves a changed file, not the kept compression', async () => {
    const changed = script.replace('desk', 'DESK');
    writeFileSync(join(dir, 'assets', 'desk.js'), changed);
    const answer = await get('/assets/desk.js', 'gzip');
    expect(gunzipSync(answer.body).toString()).toBe(changed);
  });
});
