/**
 * The HTTP API as the API tests talk to it: an HttpApi on an ephemeral port of 127.0.0.1, no web client,
 * silent logs, with the routes `addRoutes` registers, started.
 *
 *   const { http, origin } = await startTestHttpApi((http) => registerHistoryApi(http, { ... }));
 *   await fetch(`${origin}/api/history`);
 *   await http.stop();
 */
import { createRootLogger } from '../../shared/logger.js';
import { createMetricsRegistry } from '../../shared/metrics.js';
import { HealthRegistry } from '../health-registry.js';
import { HttpApi } from '../http-api.js';

export interface TestHttpApi {
  readonly http: HttpApi;
  /** `http://127.0.0.1:<port>`, to put paths after. */
  readonly origin: string;
}

export async function startTestHttpApi(addRoutes: (http: HttpApi) => void): Promise<TestHttpApi> {
  const node = { node: 'test', version: '0' };
  const http = new HttpApi({
    host: '127.0.0.1',
    port: 0,
    webRoot: null,
    health: new HealthRegistry(node),
    metrics: createMetricsRegistry(node),
    logger: createRootLogger({ level: 'silent' }),
  });
  addRoutes(http);
  await http.start();
  return { http, origin: `http://127.0.0.1:${http.address.port}` };
}
