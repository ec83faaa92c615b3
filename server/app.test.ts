import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TandemApp } from './app.js';
import { parseConfig } from './shared/config/config-loader.js';
import { createRootLogger } from './shared/logger.js';
import { freePortRange } from './sfu/testing/test-ports.fixture.js';

const running: TandemApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.stop()));
});

async function startApp(webRoot?: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-app-'));
  const { config } = parseConfig('', 'test', {
    TANDEM_DATA_DIR: dataDir,
    TANDEM_HTTP_PORT: '1',
    ...(webRoot ? { TANDEM_HTTP_WEB_ROOT: webRoot } : {}),
  });
  // Any free ports: tests must not collide with a running Tandem.
  config.http.port = 0;
  for (const protocol of ['udp', 'tcp', 'tls', 'ws', 'wss'] as const) config.sip[protocol].port = 0;
  Object.assign(config.media.rtpengine, await freePortRange());
  const app = new TandemApp(config, createRootLogger({ level: 'silent' }));
  running.push(app);
  await app.start();
  return { app, dataDir, base: `http://127.0.0.1:${app.http.address.port}` };
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('a Tandem node on its defaults', () => {
  it('reports itself healthy with the database component', async () => {
    const { base } = await startApp();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      status: string;
      components: Record<string, { status: string }>;
    };
    expect(report.status).toBe('ok');
    expect(report.components.database?.status).toBe('ok');
  });

  it('reports degraded with 503 when a component is down', async () => {
    const { app, base } = await startApp();
    app.health.register('media', () => ({ status: 'down', detail: 'rtpengine is not answering' }));
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'degraded',
      components: { media: { status: 'down' } },
    });
  });

  it('serves Prometheus metrics, counting its own requests', async () => {
    const { base } = await startApp();
    await fetch(`${base}/healthz`);
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/tandem_http_requests_total\{route="\/healthz",status="200",node="tandem-1"\} 1/);
    expect(text).toMatch(/tandem_component_up\{component="database",node="tandem-1"\} 1/);
    expect(text).toMatch(/tandem_build_info\{version="[^"]+",node="tandem-1"\} 1/);
  });

  it('seeds the demo tenant and generates a local TLS certificate in its data directory', async () => {
    const { app, dataDir } = await startApp();
    expect(app.database.agents.findByUsername('demo', 'alice')).not.toBeNull();
    expect(app.tlsCertificate?.certFile).toBe(join(dataDir, 'tls', 'local-cert.pem'));
  });

  it('serves the web client with a CSP, falls back to index.html, and never leaves the web root', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'tandem-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Tandem</title>');
    writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(webRoot, '..', 'secret.txt'), 'do not serve');
    const { base } = await startApp(webRoot);

    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await index.text()).toContain('<title>Tandem</title>');
    expect((await fetch(`${base}/assets/app.js`)).headers.get('content-type')).toContain('text/javascript');
    expect(await (await fetch(`${base}/history/call-1`)).text()).toContain('<title>Tandem</title>');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%E0%A4%A',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(await response.text()).not.toContain('do not serve');
    }
  });

  it('releases its port when stopped, and stopping twice is harmless', async () => {
    const { app } = await startApp();
    const { port } = app.http.address;
    expect(await portAccepts(port)).toBe(true);
    await app.stop();
    await app.stop();
    expect(await portAccepts(port)).toBe(false);
  });
});
