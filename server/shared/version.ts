/** Tandem's version, read once from the package.json that ships with this build. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'tandem' && parsed.version) return parsed.version;
    }
    dir = dirname(dir);
  }
  return '0.0.0-unknown';
}

export const TANDEM_VERSION = findVersion();
