// `npm start`: installs what is missing, builds, runs the Tandem server in the foreground and opens
// the desktop client where the Electron binary exists (else prints the URL for a browser).
// Ctrl-C stops everything: the server and the client run in their own process groups and get
// exactly one stop request from here; a second Ctrl-C forces them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap, BootstrapError, ROOT } from './bootstrap.mjs';
import { formatLogLine } from './log-format.mjs';

function say(message) {
  process.stdout.write(`[tandem] ${message}\n`);
}

function build() {
  say('building server, web client and desktop shell');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new BootstrapError('the build failed (see above)');
}

/** The Electron binary's path when it is installed (it cannot be downloaded on every machine). */
function electronBinary() {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const children = new Set();

function startChild(command, args, onLine) {
  const child = spawn(command, args, { cwd: ROOT, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk.toString();
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        onLine(line);
      }
    });
  }
  return child;
}

function main() {
  bootstrap('start');
  build();

  const serverArgs = ['dist/server/main.js', '--supervised', ...process.argv.slice(2)];
  let clientStarted = false;
  const server = startChild(process.execPath, serverArgs, (line) => {
    process.stdout.write(`${formatLogLine(line)}\n`);
    if (clientStarted) return;
    const url = runningUrl(line);
    if (url) {
      clientStarted = true;
      openClient(url);
    }
  });

  let signals = 0;
  const stopAll = (signal) => {
    signals += 1;
    for (const child of children) {
      try {
        process.kill(-child.pid, signals === 1 ? 'SIGTERM' : 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (signals === 1) say('stopping (press Ctrl-C again to force)');
    else if (signal) say('forcing stop');
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  // npm does not pass a SIGTERM on to its script: when npm goes away, so do we.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent && signals === 0) stopAll('parent exited');
  }, 1000).unref();

  server.once('exit', (code, signal) => {
    // The desktop client has nothing to show without its server.
    if (children.size > 0) stopAll();
    const finish = () => {
      say(`server stopped${code ? ` with exit code ${code}` : signal ? ` by ${signal}` : ''}`);
      process.exit(code ?? (signal ? 1 : 0));
    };
    if (children.size === 0) finish();
    else {
      const wait = setInterval(() => {
        if (children.size === 0) {
          clearInterval(wait);
          finish();
        }
      }, 100);
    }
  });
}

/** The server's "Tandem is running" log line carries its web address. */
function runningUrl(line) {
  try {
    const entry = JSON.parse(line);
    return entry.msg === 'Tandem is running' && typeof entry.http === 'string' ? entry.http : null;
  } catch {
    return null;
  }
}

function openClient(url) {
  const binary = electronBinary();
  if (!binary) {
    say(`Tandem is running. Open ${url} in a browser (Chromium or Chrome) and sign in as alice / demo.`);
    say('The desktop client opens here by itself where the Electron binary is installed (see README).');
    return;
  }
  say(`opening the desktop client on ${url}`);
  startChild(binary, ['dist/electron/main.js', `--server-url=${url}`], (line) =>
    process.stdout.write(`[electron] ${line}\n`),
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(`[tandem] ${error instanceof BootstrapError ? error.message : error.stack}\n`);
  process.exit(1);
}
