import type { NotificationConstructorOptions } from 'electron';
import { buildIncomingCallNotification, type IncomingCall } from './incoming-call.std.js';
import type { Logger } from './logger.std.js';

/** The part of Electron's `Notification` the notifier uses. */
export interface CallNotification {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
  close(): void;
}

export interface IncomingCallNotifierOptions {
  /** `(options) => new Notification(options)`; `Notification.isSupported()` is the caller's to check. */
  createNotification: (options: NotificationConstructorOptions) => CallNotification;
  /** Shows the window without taking the focus from what the agent is typing in. */
  revealWindow: () => void;
  /** Shows and focuses the window: the agent clicked the notification. */
  focusWindow: () => void;
  logger: Logger;
}

/**
 * One notification per ringing call, closed when the call stops ringing (answered, declined, taken by another
 * agent, caller gone), so that the agent never clicks a notification for a call that no longer exists.
 */
export class IncomingCallNotifier {
  readonly #options: IncomingCallNotifierOptions;
  #current: { callId: string; notification: CallNotification } | null = null;

  constructor(options: IncomingCallNotifierOptions) {
    this.#options = options;
  }

  get ringingCallId(): string | null {
    return this.#current?.callId ?? null;
  }

  show(call: IncomingCall, locale: string): void {
    if (this.#current?.callId === call.callId) {
      return;
    }
    this.#closeCurrent();
    const content = buildIncomingCallNotification(call, locale);
    // The page plays the ringtone on the ringer device the agent chose; the notification stays quiet.
    const notification = this.#options.createNotification({
      title: content.title,
      body: content.body,
      silent: true,
      urgency: 'critical',
      timeoutType: 'never',
    });
    notification.on('click', () => {
      this.#options.logger.info({ callId: call.callId }, 'incoming-call notification clicked');
      this.#options.focusWindow();
    });
    this.#current = { callId: call.callId, notification };
    this.#options.revealWindow();
    try {
      notification.show();
    } catch (error) {
      this.#options.logger.warn({ callId: call.callId, err: error }, 'the notification could not be shown');
    }
  }

  /** The call stopped ringing. A stale or unknown `callId` is ignored. */
  dismiss(callId: string): void {
    if (this.#current?.callId === callId) {
      this.#closeCurrent();
    }
  }

  dismissAll(): void {
    this.#closeCurrent();
  }

  #closeCurrent(): void {
    const current = this.#current;
    this.#current = null;
    try {
      current?.notification.close();
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'the notification could not be closed');
    }
  }
}
