/**
 * Builds the server (`npm run build:server`) when dist/server/main.js is missing or older than a source file
 * it is built from.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (/(?<!\.test|\.bench)\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Returns whether a build ran. */
export function ensureServerBuild(repoRoot: string, say: (line: string) => void): boolean {
  const entry = join(repoRoot, 'dist', 'server', 'main.js');
  const builtAt = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  if (builtAt > newestSourceMtime(join(repoRoot, 'server'))) return false;
  say(
    builtAt === 0 ? 'building the server (dist/server is missing)' : 'building the server (sources changed)',
  );
  const build = spawnSync('npm', ['run', 'build:server'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build:server failed (exit code ${String(build.status)})`);
  return true;
}
