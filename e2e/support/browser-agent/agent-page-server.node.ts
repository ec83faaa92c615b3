/**
 * Serves the agent test page from http://127.0.0.1:<free port>/ (a secure context, so the page gets
 * `navigator.mediaDevices`; about:blank would not). The page's module is bundled with SIP.js by esbuild in
 * memory, once per test worker (about 100 ms), so there is nothing to build beforehand and nothing stale.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pageEntry = fileURLToPath(new URL('./page/agent-page.dom.ts', import.meta.url));

const pageHtml = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Tandem test agent</title>
    <link rel="icon" href="data:," />
    <script type="module" src="/agent-page.js"></script>
  </head>
  <body>
    <h1>Tandem test agent</h1>
    <p data-testid="transport" role="status">Connection: Disconnected</p>
    <p data-testid="registration" role="status">Not registered (Initial)</p>
    <ul data-testid="calls"></ul>
  </body>
</html>
`;

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [pageEntry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    sourcemap: 'inline',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${pageEntry}`);
  return output.text;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve((server.address() as AddressInfo).port));
  });
}

async function startPageServer(): Promise<string> {
  const script = await bundlePage();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const [type, body] =
      path === '/'
        ? ['text/html; charset=utf-8', pageHtml]
        : path === '/agent-page.js'
          ? ['text/javascript; charset=utf-8', script]
          : [undefined, undefined];
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  // The worker process may end with the server still listening: it must not keep the process alive.
  server.unref();
  const port = await listen(server);
  return `http://127.0.0.1:${port}/`;
}

let started: Promise<string> | undefined;

/** The page's URL; the first call bundles the page and starts the server, later calls reuse them. */
export function agentPageUrl(): Promise<string> {
  started ??= startPageServer().catch((error: unknown) => {
    started = undefined;
    throw error;
  });
  return started;
}
