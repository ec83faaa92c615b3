/** The HTTPS listener the fakes share: 127.0.0.1 only, a port the system picks, a clean close. */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestCertificates } from './test-ca.js';

export type FakeHandler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

export interface FakeListener {
  /** https://127.0.0.1:<port> */
  readonly origin: string;
  close(): Promise<void>;
}

export async function listenHttps(
  certificates: TestCertificates,
  handle: FakeHandler,
): Promise<FakeListener> {
  const server: Server = createServer(
    { cert: certificates.certPem, key: certificates.keyPem },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          handle(request, Buffer.concat(chunks).toString('utf8'), response);
        } catch (error) {
          sendJson(response, 500, { error: { code: 'fakeFailed', message: (error as Error).message } });
        }
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
