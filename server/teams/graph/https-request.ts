/**
 * One HTTPS request with Node's own client, trusting the system's CAs plus, when given, extra ones
 * (a TLS-inspecting proxy's CA, or a test CA). Node's global fetch cannot be told about an extra CA
 * after start-up (NODE_EXTRA_CA_CERTS is read once, at launch), so the token and Graph requests of
 * the presence gate go through this instead: one transport for MSAL and for the Graph client.
 */
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';

export interface HttpsRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
}

export interface HttpsResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Bodies larger than this are refused (a presence answer for 650 users is far below). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export class HttpsTransport {
  private readonly ca: string[] | undefined;

  /** `extraCaPem`: PEM certificates trusted on top of the system's. */
  constructor(extraCaPem?: string) {
    this.ca = extraCaPem ? [...rootCertificates, extraCaPem] : undefined;
  }

  send(options: HttpsRequest): Promise<HttpsResponse> {
    const url = new URL(options.url);
    if (url.protocol !== 'https:')
      return Promise.reject(new TypeError(`refusing a non-https URL: ${url.origin}`));
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: options.method,
          headers: {
            ...options.headers,
            ...(options.body !== undefined
              ? { 'content-length': String(Buffer.byteLength(options.body)) }
              : {}),
          },
          ca: this.ca,
          timeout: options.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES)
              req.destroy(new Error(`response from ${url.host} exceeds ${MAX_BODY_BYTES} bytes`));
            else chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: flattenHeaders(res.headers),
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`no answer from ${url.host} within ${options.timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end(options.body);
    });
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
