/**
 * Our notification URL for Graph change notifications (`POST /api/teams/notifications/presence`):
 *
 * - Validation: "Microsoft Graph sends a POST request to the notification URL" with
 *   `?validationToken=...`; we must answer 200, `text/plain`, with the token itself, within 10 s.
 * - Notifications: `{ "value": [ ... ] }`, each for one subscription; each goes to the receiver
 *   (a PresencePushSource) that owns the subscription, which checks clientState and decrypts.
 *   We answer 202 once handled (Graph wants an answer within 3 s and retries otherwise);
 *   notifications for unknown subscriptions or with a wrong clientState are dropped and counted.
 *
 * Bad bodies get 400 and never reach a receiver.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../shared/logger.js';
import type { EncryptedContent } from './notification-crypto.js';

export const PRESENCE_NOTIFICATION_PATH = '/api/teams/notifications/presence';

/** The fields of a Graph changeNotification we read. */
export interface GraphNotification {
  readonly subscriptionId: string;
  readonly clientState?: string;
  readonly changeType?: string;
  readonly lifecycleEvent?: string;
  readonly resource?: string;
  readonly encryptedContent?: EncryptedContent;
}

export interface NotificationReceiver {
  /** True when the notification was for this receiver (whether or not its content was usable). */
  receive(notification: GraphNotification): boolean;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class PresenceNotificationEndpoint {
  private readonly receivers = new Set<NotificationReceiver>();
  /** Counts for tests and the health page. */
  readonly counts = { validated: 0, delivered: 0, dropped: 0, refused: 0 };

  constructor(private readonly logger?: Logger) {}

  add(receiver: NotificationReceiver): () => void {
    this.receivers.add(receiver);
    return () => this.receivers.delete(receiver);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://local');
    const validationToken = url.searchParams.get('validationToken');
    if (validationToken !== null) {
      // Drain the (empty or text) body before answering.
      await readBody(request).catch(() => '');
      this.counts.validated++;
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(validationToken);
      return;
    }
    let notifications: GraphNotification[];
    try {
      notifications = parseNotifications(await readBody(request));
    } catch (error) {
      this.counts.refused++;
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${(error as Error).message}\n`);
      return;
    }
    for (const notification of notifications) this.dispatch(notification);
    response.writeHead(202);
    response.end();
  }

  private dispatch(notification: GraphNotification): void {
    for (const receiver of this.receivers) {
      try {
        if (receiver.receive(notification)) {
          this.counts.delivered++;
          return;
        }
      } catch (error) {
        this.counts.dropped++;
        this.logger?.warn(
          { err: error, subscriptionId: notification.subscriptionId },
          'presence notification refused',
        );
        return;
      }
    }
    this.counts.dropped++;
    this.logger?.warn(
      { subscriptionId: notification.subscriptionId },
      'notification for no subscription of ours',
    );
  }
}

function parseNotifications(body: string): GraphNotification[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new TypeError('expected a JSON body');
  }
  const value = (parsed as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) throw new TypeError('expected { "value": [ notifications ] }');
  return value.filter(
    (entry): entry is GraphNotification =>
      typeof (entry as GraphNotification | null)?.subscriptionId === 'string',
  );
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new TypeError('body too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
