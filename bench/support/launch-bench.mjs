// Runs one TypeScript benchmark the way `npm run bench:*` does: installs what it needs when missing
// (scripts/bootstrap.mjs, profile `bench`: Debian kamailio, sip-tester, rtpengine-daemon, npm packages),
// raises the open-files limit to the hard limit (thousands of sockets), then runs the entry file with tsx,
// passing signals on so that Ctrl-C stops every process the benchmark started.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import process from 'node:process';
import { bootstrap, BootstrapError, ROOT } from '../../scripts/bootstrap.mjs';

/** @param {string} entry the benchmark's TypeScript entry, relative to the repository root */
export function launchBench(entry) {
  try {
    bootstrap('bench');
  } catch (error) {
    process.stderr.write(`[bootstrap] ${error instanceof BootstrapError ? error.message : error.stack}\n`);
    process.exit(1);
  }
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const raiseLimitThenRun = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
  const bench = spawn('sh', ['-c', raiseLimitThenRun, tsx, join(ROOT, entry), ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => bench.kill(signal));
  }
  bench.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
