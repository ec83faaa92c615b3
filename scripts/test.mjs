// `npm test`: installs what is missing, then runs every check a change must pass (lint and
// dependency direction, build, unit and integration tests, end-to-end journeys in Chromium) and
// closes with one summary line: "tests: N passed, N failed".
// Arguments after `--` go to Vitest (e.g. `npm test -- server/store`), and skip the other stages.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap, BootstrapError, ROOT } from './bootstrap.mjs';

const RESULTS = join(ROOT, '.tandem-test');
const UNIT_RESULTS = join(RESULTS, 'unit-results.json');
const E2E_RESULTS = join(RESULTS, 'e2e-results.json');

function say(message) {
  process.stdout.write(`\n[test] ${message}\n`);
}

function run(command, args, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return { ok: result.status === 0, seconds: Math.round((Date.now() - started) / 1000) };
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Vitest's JSON report: numPassedTests / numFailedTests. */
function unitCounts() {
  const report = readJson(UNIT_RESULTS);
  if (!report) return null;
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: report.numPendingTests ?? 0,
  };
}

/** Playwright's JSON report: stats.expected / unexpected / flaky / skipped. */
function e2eCounts() {
  const report = readJson(E2E_RESULTS);
  if (!report?.stats) return null;
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  return { passed: expected + flaky, failed: unexpected, skipped };
}

function main() {
  const vitestFilters = process.argv.slice(2);
  say('checking what Tandem needs (npm and Debian packages)');
  bootstrap('test');
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });

  const stages = [];
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const add = (name, result, tally) => {
    stages.push({ name, ...result, tally });
    if (tally) {
      counts.passed += tally.passed;
      counts.failed += tally.failed;
      counts.skipped += tally.skipped;
    } else if (!result.ok) {
      counts.failed += 1;
    } else {
      counts.passed += 1;
    }
  };

  const unitArgs = [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${UNIT_RESULTS}`,
    ...vitestFilters,
  ];
  if (vitestFilters.length === 0) {
    say('lint: ESLint, Prettier, dependency direction, file suffixes, TypeScript');
    add('lint', run('npm', ['run', '--silent', 'lint']), null);
    say('build: server, web client, desktop shell');
    add('build', run('npm', ['run', '--silent', 'build']), null);
  }
  say('unit and integration tests (Vitest)');
  const unit = run('npx', unitArgs);
  const unitTally = unitCounts();
  add('unit', unit, unitTally ?? { passed: 0, failed: 1, skipped: 0 });

  if (vitestFilters.length === 0) {
    say('end-to-end journeys (Playwright, Chromium)');
    const e2e = run('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts'], {
      TANDEM_E2E_RESULTS: E2E_RESULTS,
    });
    add('e2e', e2e, e2eCounts() ?? { passed: 0, failed: 1, skipped: 0 });
  }

  process.stdout.write('\n[test] summary\n');
  for (const stage of stages) {
    const detail = stage.tally
      ? `${stage.tally.passed} passed, ${stage.tally.failed} failed`
      : stage.ok
        ? 'ok'
        : 'FAILED';
    process.stdout.write(
      `  ${stage.name.padEnd(6)} ${stage.ok ? 'ok    ' : 'FAILED'} ${detail} (${stage.seconds} s)\n`,
    );
  }
  const allOk = stages.every((stage) => stage.ok) && counts.failed === 0;
  process.stdout.write(
    `tests: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}\n`,
  );
  process.exit(allOk ? 0 : 1);
}

try {
  main();
} catch (error) {
  process.stderr.write(`[test] ${error instanceof BootstrapError ? error.message : error.stack}\n`);
  process.stdout.write('tests: 0 passed, 1 failed\n');
  process.exit(1);
}
