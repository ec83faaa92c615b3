/**
 * The contract of `GET /healthz`, shared with the clients (renderer, electron) that show it.
 *
 * 200 when every required component is `ok`, 503 otherwise. A component that is not part of this
 * node yet (a listener the build does not start) is simply absent.
 */
export type ComponentStatus = 'ok' | 'starting' | 'down';

export interface ComponentHealth {
  status: ComponentStatus;
  /** Human-readable detail, e.g. "listening on 127.0.0.1:5060" or the last error. */
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  /** Tandem's version from package.json. */
  version: string;
  /** Node name from configuration. */
  node: string;
  uptimeSeconds: number;
  components: Record<string, ComponentHealth>;
}
