/**
 * The implicit subscription a REFER creates (RFC 3515 section 2.4.4): NOTIFYs on the REFER's dialog whose
 * message/sipfrag body is the status line of the triggered call. "The NOTIFY [...] MUST contain a body
 * of type message/sipfrag"; the last one terminates the subscription.
 */
import type { Dialog } from '../sip/dialog/dialog.js';
import { reasonPhrase } from '../sip/message/index.js';

/**
 * Sends one NOTIFY on `dialog` (nothing when it has ended). Resolves once it was answered or failed:
 * never rejects, a transferor that went away is no error.
 */
export async function notifyReferProgress(dialog: Dialog, status: number, final: boolean): Promise<void> {
  if (dialog.state === 'terminated') return;
  await dialog
    .request('NOTIFY', {
      headers: [
        ['Event', 'refer'],
        ['Subscription-State', final ? 'terminated;reason=noresource' : 'active;expires=60'],
      ],
      body: `SIP/2.0 ${status} ${reasonPhrase(status)}\r\n`,
      contentType: 'message/sipfrag;version=2.0',
    })
    .catch(() => undefined);
}
