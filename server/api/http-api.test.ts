/**
 * The HTTP server's handling of a client that goes away while sending its body (a desk page closing as
 * its last request leaves): not a handler failure, nothing logged as an error, counted apart; a handler
 * that does fail is still logged and answered 500.
 */
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createRootLogger } from '../shared/logger.js';
import { createMetricsRegistry, type MetricsRegistry } from '../shared/metrics.js';
import { HealthRegistry } from './health-registry.js';
import { HttpApi, sendJson } from './http-api.js';
import { readJsonBody } from './read-json.js';

let http: HttpApi;
let metrics: MetricsRegistry;
let logged: { level: string; msg: string }[];

beforeEach(async () => {
  logged = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(JSON.parse(chunk.toString('utf8')) as { level: string; msg: string });
      done();
    },
  });
  metrics = createMetricsRegistry({ node: 'test', version: '0' });
  http = new HttpApi({
    host: '127.0.0.1',
    port: 0,
    webRoot: null,
    health: new HealthRegistry({ node: 'test', version: '0' }),
    metrics,
    logger: createRootLogger({ level: 'debug', destination }),
  });
  http.route('PUT', '/echo', async (request, response) => {
    sendJson(response, 200, { got: await readJsonBody(request) });
  });
  http.route('GET', '/broken', () => {
    throw new Error('a bug');
  });
  await http.start();
});

afterEach(() => http.stop());

it('treats a client closing mid-body as gone, not as a failure of the handler', async () => {
  const socket = connect(http.address.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    'PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a"',
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
  await expect
    .poll(async () =>
      (await metrics.getSingleMetricAsString('tandem_http_requests_total')).includes('client-gone'),
    )
    .toBe(true);
  expect(logged.filter((entry) => entry.level === 'error')).toEqual([]);
  expect(logged.map((entry) => entry.msg)).toContain('HTTP client went away mid-request');

  const broken = await fetch(`http://127.0.0.1:${http.address.port}/broken`);
  expect(broken.status).toBe(500);
  expect(logged.filter((entry) => entry.level === 'error').map((entry) => entry.msg)).toEqual([
    'HTTP handler failed',
  ]);
});
