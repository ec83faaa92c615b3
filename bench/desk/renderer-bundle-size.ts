/**
 * The size of the built web client (dist/renderer) as a browser downloads it: each file raw and gzipped
 * (zlib level 6, what a web server's on-the-fly compression typically uses), source maps left out.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleFile {
  readonly path: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BundleSize {
  readonly files: readonly BundleFile[];
  readonly bytes: number;
  readonly gzipBytes: number;
  /** What the first load of the desk fetches: index.html and the JS and CSS it references. */
  readonly initialGzipBytes: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function measureRendererBundle(rendererDir: string): BundleSize {
  const files = walk(rendererDir)
    .filter((path) => !path.endsWith('.map'))
    .map((path): BundleFile => {
      const content = readFileSync(path);
      return {
        path: relative(rendererDir, path),
        bytes: content.length,
        gzipBytes: gzipSync(content, { level: 6 }).length,
      };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  const index = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const referenced = new Set(
    [...index.matchAll(/(?:src|href)="(?:\.\/|\/)?([^"]+\.(?:js|css))"/g)].map((match) => match[1]!),
  );
  const initial = files.filter((file) => file.path === 'index.html' || referenced.has(file.path));
  const sum = (list: readonly BundleFile[], key: 'bytes' | 'gzipBytes') =>
    list.reduce((total, file) => total + file[key], 0);
  return {
    files,
    bytes: sum(files, 'bytes'),
    gzipBytes: sum(files, 'gzipBytes'),
    initialGzipBytes: sum(initial, 'gzipBytes'),
  };
}
