/**
 * Builds the web client (`npm run build:renderer`) when dist/renderer is missing or older than a source
 * file it is built from, so that the size measured is the size of the code as it is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Returns whether a build ran. */
export function ensureRendererBuild(repoRoot: string, say: (line: string) => void): boolean {
  const index = join(repoRoot, 'dist', 'renderer', 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (builtAt > newestSourceMtime(join(repoRoot, 'renderer'))) return false;
  say(
    builtAt === 0
      ? 'building the web client (dist/renderer is missing)'
      : 'building the web client (sources changed)',
  );
  const build = spawnSync('npm', ['run', 'build:renderer'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0)
    throw new Error(`npm run build:renderer failed (exit code ${String(build.status)})`);
  return true;
}
