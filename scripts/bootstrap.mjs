// Installs what Tandem needs when it is missing: npm packages (from package-lock.json) and the
// Debian packages of the chosen profile. Uses only Node's built-ins, because it runs before
// `npm ci` on a fresh clone. Usage: node scripts/bootstrap.mjs [start|test|bench]
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Debian packages per profile; each profile includes the ones before it. */
export const SYSTEM_PACKAGES = {
  // openssl: local TLS certificate; rtpengine-daemon: the media plane;
  // espeak-ng + sox: IVR prompts spoken and converted to G.711 on this machine (sfu/ivr/prompts).
  start: ['openssl', 'rtpengine-daemon', 'espeak-ng', 'sox'],
  // sip-tester (sipp): SIP peer in tests; chromium: the agent client in Playwright journeys.
  test: ['sip-tester', 'chromium'],
  // kamailio: the reference registrar/proxy the SIP benchmark compares with.
  bench: ['kamailio'],
};

const PROFILE_ORDER = ['start', 'test', 'bench'];

function say(message) {
  process.stdout.write(`[bootstrap] ${message}\n`);
}

export class BootstrapError extends Error {}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.error) throw new BootstrapError(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0)
    throw new BootstrapError(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

/**
 * `npm ci` when node_modules was not installed from the current package-lock.json (a hash of the
 * lock file is kept in node_modules); rebuilds better-sqlite3 when its binding is missing.
 */
export function ensureNpmPackages() {
  const lockHash = createHash('sha256')
    .update(readFileSync(join(ROOT, 'package-lock.json')))
    .digest('hex');
  const stamp = join(ROOT, 'node_modules', '.tandem-lock-hash');
  const installedHash = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
  if (installedHash !== lockHash) {
    say('installing npm packages (npm ci); better-sqlite3 compiles from source, about a minute on 2 cores');
    run('npm', ['ci', '--no-audit', '--no-fund']);
    writeFileSync(stamp, `${lockHash}\n`);
  }
  const sqliteBinding = join(
    ROOT,
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
  if (!existsSync(sqliteBinding)) {
    say('building better-sqlite3 for this Node');
    run('npm', ['rebuild', 'better-sqlite3']);
  }
}

function isInstalled(pkg) {
  try {
    const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return status.toString().includes('install ok installed');
  } catch {
    return false;
  }
}

function canRun(command, args) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** Installs missing Debian packages with apt-get, as root or through passwordless sudo. */
export function ensureSystemPackages(profile) {
  const wanted = PROFILE_ORDER.slice(0, PROFILE_ORDER.indexOf(profile) + 1).flatMap(
    (name) => SYSTEM_PACKAGES[name],
  );
  if (!canRun('dpkg-query', ['--version'])) {
    throw new BootstrapError(
      `this is not a Debian-based system: install these packages yourself, then run again: ${wanted.join(' ')}`,
    );
  }
  const missing = wanted.filter((pkg) => !isInstalled(pkg));
  if (missing.length === 0) return;

  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : canRun('sudo', ['-n', 'true']) ? ['sudo', '-n'] : null;
  if (prefix === null) {
    throw new BootstrapError(
      `Tandem needs these Debian packages: ${missing.join(' ')}\n` +
        `  It cannot install them without administrator rights. Run:\n` +
        `    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}\n` +
        `  then run the same npm command again.`,
    );
  }
  say(`installing Debian packages: ${missing.join(' ')}`);
  const apt = (args) =>
    prefix.length > 0
      ? run(prefix[0], [...prefix.slice(1), 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args])
      : run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt(['update', '-qq']);
  apt(['install', '-y', '-q', '--no-install-recommends', ...missing]);
  const stillMissing = missing.filter((pkg) => !isInstalled(pkg));
  if (stillMissing.length > 0) throw new BootstrapError(`apt-get did not install: ${stillMissing.join(' ')}`);
}

export function bootstrap(profile) {
  if (!PROFILE_ORDER.includes(profile))
    throw new BootstrapError(`unknown profile ${profile}: use start, test or bench`);
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new BootstrapError(`Tandem needs Node.js 20.19 or newer; this is ${process.version}`);
  }
  ensureSystemPackages(profile);
  ensureNpmPackages();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    bootstrap(process.argv[2] ?? 'start');
  } catch (error) {
    process.stderr.write(`[bootstrap] ${error instanceof BootstrapError ? error.message : error.stack}\n`);
    process.exit(1);
  }
}
