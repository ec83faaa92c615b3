/**
 * `GET /api/client-config`: what the agent client needs to know before signing in, so that nobody types
 * a SIP WebSocket address: the SIP domain agents register in and the WebSocket listeners (ws and wss),
 * each as the port on the host the client already reached. No authentication: nothing here is secret.
 */
import { sendJson, type HttpApi } from './http-api.js';

export interface ClientConfig {
  readonly sipDomain: string;
  /** Ports of the SIP WebSocket listeners that are enabled, on the same host as the API. */
  readonly sipWebSocket: { readonly ws: number | null; readonly wss: number | null };
  /** Whether agents may sign in with Microsoft (`/api/sign-in/microsoft/start`). */
  readonly microsoftSignIn?: boolean;
}

export function registerClientConfigApi(http: HttpApi, config: () => ClientConfig): void {
  http.route('GET', '/api/client-config', (_request, response) => {
    sendJson(response, 200, config());
  });
}
