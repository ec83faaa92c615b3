// STYLE.md: every TypeScript file in electron/ is named after where it runs (Signal Desktop's
// convention): .main.ts, .preload.ts, .dom.ts, .node.ts or .std.ts (tests add .test before .ts).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './bootstrap.mjs';

const SUFFIX = /\.(main|preload|dom|node|std)(\.test)?\.tsx?$/;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const offenders = walk(join(ROOT, 'electron'))
  .filter((path) => /\.tsx?$/.test(path) && !path.endsWith('.d.ts'))
  .filter((path) => !SUFFIX.test(path))
  .map((path) => relative(ROOT, path));

if (offenders.length > 0) {
  process.stderr.write(
    `These electron/ files do not say where they run (.main/.preload/.dom/.node/.std before .ts):\n  ${offenders.join('\n  ')}\n`,
  );
  process.exit(1);
}
process.stdout.write('electron/ file suffixes: ok\n');
