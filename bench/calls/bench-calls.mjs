// `npm run bench:calls`: installs what the benchmark needs when it is missing (Debian sip-tester and
// rtpengine-daemon, npm packages: scripts/bootstrap.mjs, profile `bench`), raises the open-files limit to the
// hard limit, then runs the TypeScript benchmark with tsx.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import process from 'node:process';
import { bootstrap, BootstrapError, ROOT } from '../../scripts/bootstrap.mjs';

try {
  bootstrap('bench');
} catch (error) {
  process.stderr.write(`[bootstrap] ${error instanceof BootstrapError ? error.message : error.stack}\n`);
  process.exit(1);
}

const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
const entry = join(ROOT, 'bench', 'calls', 'run-calls-bench.ts');
const raiseLimitThenRun = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
const bench = spawn('sh', ['-c', raiseLimitThenRun, tsx, entry, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => bench.kill(signal));
}
bench.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
