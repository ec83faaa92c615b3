/**
 * Serves the built web client. Paths are resolved inside the web root only (no `..` escapes);
 * unknown paths without an extension fall back to index.html so client-side routes work. Text assets go
 * gzipped to clients that accept it (the desk's bundle shrinks about 3.6 times), compressed once per file
 * version and kept in memory: the built client is a few files.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/** The web client's Content Security Policy (SIP.js connects to the WS/WSS listeners on other ports). */
export const WEB_CLIENT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const gzipped = promisify(gzip);
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg\+xml)/;
/** Smaller files gain nothing worth a Vary-split cache entry. */
const MIN_GZIP_BYTES = 1024;

/** True when the Accept-Encoding header allows gzip (a `q=0` refuses it). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding?.trim() !== 'gzip' && coding?.trim() !== '*') return false;
    const q = params
      .map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1])
      .find((value) => value !== undefined);
    return q === undefined || Number(q) > 0;
  });
}

export class StaticFiles {
  private readonly compressed = new Map<string, { version: string; body: Buffer }>();

  constructor(private readonly root: string) {}

  private async gzipOf(path: string, version: string): Promise<Buffer> {
    const kept = this.compressed.get(path);
    if (kept?.version === version) return kept.body;
    const body = await gzipped(await readFile(path), { level: 9 });
    this.compressed.set(path, { version, body });
    return body;
  }

  /** Returns false when nothing was found, so that the caller can answer 404. */
  async serve(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const pathname = decodeSafely(new URL(request.url ?? '/', 'http://local').pathname);
    if (pathname === null || pathname.includes('\0')) return false;
    const relative = normalize(pathname).replace(/^([/\\])+/, '');
    const file = join(this.root, relative);
    if (file !== this.root && !file.startsWith(this.root + sep)) return false;

    const target = (await isFile(file))
      ? file
      : extname(relative) === ''
        ? join(this.root, 'index.html')
        : null;
    if (target === null || !(await isFile(target))) return false;

    const type = CONTENT_TYPES[extname(target)] ?? 'application/octet-stream';
    const info = await stat(target);
    const compress = COMPRESSIBLE.test(type) && info.size >= MIN_GZIP_BYTES;
    const body =
      compress && acceptsGzip(request.headers['accept-encoding'])
        ? await this.gzipOf(target, `${info.mtimeMs}:${info.size}`).catch(() => null)
        : null;
    response.writeHead(200, {
      ...(compress ? { Vary: 'Accept-Encoding' } : {}),
      ...(body ? { 'Content-Encoding': 'gzip', 'Content-Length': String(body.length) } : {}),
      'Content-Type': type,
      'Cache-Control': target.includes(`${sep}assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      ...(type.startsWith('text/html') ? { 'Content-Security-Policy': WEB_CLIENT_CSP } : {}),
    });
    if (request.method === 'HEAD') {
      response.end();
      return true;
    }
    if (body) {
      response.end(body);
      return true;
    }
    await new Promise<void>((resolve) => {
      const stream = createReadStream(target);
      stream.on('error', () => {
        response.destroy();
        resolve();
      });
      stream.on('end', resolve);
      stream.pipe(response);
    });
    return true;
  }
}

function decodeSafely(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
