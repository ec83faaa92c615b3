/**
 * Transfers on the agent test page (`window.tandemTransfer`, see ../browser-transfer-types.ts): SIP.js
 * 0.21's `session.refer()`, with a URI (blind) or with the consult session (attended: SIP.js puts the
 * consult dialog into the Refer-To as `?Replaces=<call-id>;to-tag=<theirs>;from-tag=<ours>`), and the
 * implicit subscription's NOTIFYs (RFC 3515 2.4.4: a message/sipfrag status line each) kept per call.
 */
import { UserAgent, type Notification, type Session } from 'sip.js';
import type { TransferPageApi, TransferProgress } from '../browser-transfer-types.js';
import type { PageCall } from './page-call.dom.js';

interface Progress {
  referStatus?: number;
  readonly notified: number[];
  referTo?: string;
}

/** `SIP/2.0 200 OK` -> 200; null when the body is no sipfrag status line. */
function sipfragStatus(body: string): number | null {
  const match = /^SIP\/2\.0 (\d{3})/.exec(body.trim());
  return match ? Number(match[1]) : null;
}

export class TransferPage implements TransferPageApi {
  private readonly progressByCall = new Map<string, Progress>();

  constructor(
    private readonly callOf: (callId: string) => PageCall,
    private readonly log: (message: string) => void,
  ) {}

  blind(callId: string, target: string): Promise<TransferProgress> {
    const uri = UserAgent.makeURI(target);
    if (!uri) return Promise.reject(new TypeError(`not a SIP URI: ${target}`));
    return this.refer(callId, uri);
  }

  attended(callId: string, consultCallId: string): Promise<TransferProgress> {
    return this.refer(callId, this.callOf(consultCallId).session);
  }

  progress(callId: string): TransferProgress {
    const progress = this.progressByCall.get(callId);
    return progress ? { ...progress, notified: [...progress.notified] } : { notified: [] };
  }

  lastReferTo(callId: string): string | undefined {
    return this.progressByCall.get(callId)?.referTo;
  }

  private refer(callId: string, target: Parameters<Session['refer']>[0]): Promise<TransferProgress> {
    const session = this.callOf(callId).session;
    const progress: Progress = { notified: [] };
    this.progressByCall.set(callId, progress);
    return new Promise((resolve, reject) => {
      const answered = (status: number) => {
        progress.referStatus = status;
        this.log(`${callId}: REFER answered ${status}`);
        resolve(this.progress(callId));
      };
      session
        .refer(target, {
          onNotify: (notification: Notification) => {
            const status = sipfragStatus(notification.request.body);
            if (status !== null) progress.notified.push(status);
            this.log(`${callId}: NOTIFY ${notification.request.body.trim()}`);
            void notification.accept();
          },
          requestDelegate: {
            onAccept: (response) => answered(response.message.statusCode ?? 0),
            onReject: (response) => answered(response.message.statusCode ?? 0),
          },
        })
        .then((request) => {
          progress.referTo = request.message.getHeader('Refer-To');
        })
        .catch(reject);
    });
  }
}
