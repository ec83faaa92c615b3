// Builds the Electron main process and preload into dist/electron (run by `npm run build:electron`).
//
//   dist/electron/main.js      the main process, ESM; electron, Node built-ins and package.json
//                              "dependencies" stay imports (electron-builder ships those in node_modules)
//   dist/electron/preload.cjs  the preload, ONE CommonJS file: a sandboxed preload may require only
//                              'electron' (and a few Node shims), never a relative file, so all is bundled
//   dist/electron/history-worker.js  the local call history's worker thread (ESM, its own entry: main.js
//                              starts it with `new Worker`); better-sqlite3 stays an import, a native module
//
// Needs no Electron binary. Usage: node electron/build.mjs [--out-dir=DIR]
import { readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Electron 45 ships Node 22 and Chromium 140.
const mainTarget = 'node22';
const preloadTarget = 'chrome140';

/** @param {{ outDir?: string }} [options] */
export async function buildElectron(options = {}) {
  const outDir = resolve(projectRoot, options.outDir ?? 'dist/electron');
  const packageJson = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8'));
  const runtimeDependencies = Object.keys(packageJson.dependencies ?? {});

  /** @param {string} id */
  const isMainExternal = (id) =>
    id === 'electron' ||
    id.startsWith('electron/') ||
    id.startsWith('node:') ||
    builtinModules.includes(id) ||
    runtimeDependencies.some((dependency) => id === dependency || id.startsWith(`${dependency}/`));

  await rm(outDir, { recursive: true, force: true });

  /** @type {import('vite').InlineConfig} */
  const common = { configFile: false, root: projectRoot, logLevel: 'warn', publicDir: false };

  await build({
    ...common,
    build: {
      outDir,
      emptyOutDir: false,
      ssr: join(projectRoot, 'electron/main.main.ts'),
      target: mainTarget,
      minify: false,
      sourcemap: true,
      rolldownOptions: {
        external: isMainExternal,
        output: { format: 'es', entryFileNames: 'main.js' },
      },
    },
  });

  await build({
    ...common,
    build: {
      outDir,
      emptyOutDir: false,
      ssr: join(projectRoot, 'electron/history/history-worker.node.ts'),
      target: mainTarget,
      minify: false,
      sourcemap: true,
      rolldownOptions: {
        external: isMainExternal,
        output: { format: 'es', entryFileNames: 'history-worker.js' },
      },
    },
  });

  await build({
    ...common,
    build: {
      outDir,
      emptyOutDir: false,
      target: preloadTarget,
      minify: false,
      sourcemap: true,
      lib: {
        entry: join(projectRoot, 'electron/preload.preload.ts'),
        formats: ['cjs'],
        fileName: () => 'preload.cjs',
      },
      rolldownOptions: { external: ['electron'] },
    },
  });

  await assertPreloadRequiresOnlyElectron(join(outDir, 'preload.cjs'));
  return {
    outDir,
    main: join(outDir, 'main.js'),
    preload: join(outDir, 'preload.cjs'),
    historyWorker: join(outDir, 'history-worker.js'),
  };
}

/** A sandboxed preload that requires anything else fails at run time, in a window we cannot test here. */
async function assertPreloadRequiresOnlyElectron(preloadPath) {
  const code = await readFile(preloadPath, 'utf8');
  const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]);
  const forbidden = required.filter((name) => name !== 'electron');
  if (forbidden.length > 0) {
    throw new Error(
      `${preloadPath} requires ${forbidden.join(', ')}; a sandboxed preload may require only electron`,
    );
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDirArgument = process.argv.find((argument) => argument.startsWith('--out-dir='));
  const result = await buildElectron({ outDir: outDirArgument?.slice('--out-dir='.length) });
  process.stdout.write(`built ${result.main}\n      ${result.preload}\n      ${result.historyWorker}\n`);
}
