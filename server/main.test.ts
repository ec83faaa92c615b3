/**
 * The server as a process: what an operator sees when starting and stopping it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePortRange } from './sfu/testing/test-ports.fixture.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Free ports for every SIP listener and rtpengine, so that tests never collide with a running Tandem. */
async function sipPorts(): Promise<Record<string, string>> {
  const [sip, tls, ws, wss] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const media = await freePortRange();
  return {
    TANDEM_MEDIA_RTPENGINE_NG_PORT: String(media.ngPort),
    TANDEM_MEDIA_RTPENGINE_PORT_MIN: String(media.portMin),
    TANDEM_MEDIA_RTPENGINE_PORT_MAX: String(media.portMax),
    TANDEM_SIP_UDP_PORT: String(sip),
    TANDEM_SIP_TCP_PORT: String(sip),
    TANDEM_SIP_TLS_PORT: String(tls),
    TANDEM_SIP_WS_PORT: String(ws),
    TANDEM_SIP_WSS_PORT: String(wss),
  };
}

async function startServer(args: string[], env: Record<string, string>, options = { sipPorts: true }) {
  const ports = options.sipPorts ? await sipPorts() : {};
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, TANDEM_LOG_LEVEL: 'info', ...ports, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

function kill(child: ChildProcess) {
  if (child.exitCode === null) child.kill('SIGKILL');
}

describe('tandem server process', () => {
  it('refuses a bad configuration file before listening, naming key, value and expectation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-main-'));
    const port = await freePort();
    writeFileSync(
      join(dir, 'bad.yaml'),
      `http:\n  port: ${port}\nsip:\n  udp:\n    port: 99999\n  tcp:\n    prot: 5060\n`,
    );
    // No SIP port overrides here: the file's bad values must be what the server reads.
    const server = await startServer(
      ['--config', join(dir, 'bad.yaml')],
      { TANDEM_DATA_DIR: dir },
      { sipPorts: false },
    );
    try {
      expect(await server.exited).toBe(2);
      expect(server.output()).toContain('sip.udp.port = 99999: expected a port number');
      expect(server.output()).toContain('sip.tcp.prot: unknown key; did you mean "port"?');
      expect(await healthy(port)).toBe(false);
    } finally {
      kill(server.child);
    }
  });

  it('checks a configuration without starting when asked', async () => {
    const server = await startServer(['--check-config'], { TANDEM_HTTP_PORT: '8081' });
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('configuration OK');
  });

  it('starts on defaults, then stops gracefully on SIGTERM and frees its port', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-main-'));
    const port = await freePort();
    const server = await startServer([], { TANDEM_DATA_DIR: dir, TANDEM_HTTP_PORT: String(port) });
    try {
      await waitFor(() => healthy(port), 15_000, 'the server to answer /healthz');
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain('Tandem stopped');
      expect(await healthy(port)).toBe(false);
    } finally {
      kill(server.child);
    }
  });

  it('in supervised mode (npm start), stops and exits when its parent goes away', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-main-'));
    const port = await freePort();
    const server = await startServer(['--supervised'], {
      TANDEM_DATA_DIR: dir,
      TANDEM_HTTP_PORT: String(port),
    });
    try {
      await waitFor(() => healthy(port), 15_000, 'the server to answer /healthz');
      server.child.stdin!.end();
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain('the supervising process went away');
    } finally {
      kill(server.child);
    }
  });

  it('in supervised mode, still exits after a SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-main-'));
    const port = await freePort();
    const server = await startServer(['--supervised'], {
      TANDEM_DATA_DIR: dir,
      TANDEM_HTTP_PORT: String(port),
    });
    try {
      await waitFor(() => healthy(port), 15_000, 'the server to answer /healthz');
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      kill(server.child);
    }
  });

  it('says clearly when its HTTP port is taken, and exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-main-'));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    const server = await startServer([], { TANDEM_DATA_DIR: dir, TANDEM_HTTP_PORT: String(port) });
    try {
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain(`HTTP port 127.0.0.1:${port} is already in use (http.port)`);
    } finally {
      blocker.close();
      kill(server.child);
    }
  });
});
