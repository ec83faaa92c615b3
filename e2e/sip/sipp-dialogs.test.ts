/**
 * Dialogs with SIPp, a SIP peer we did not write, over UDP and TCP: SIPp calls Tandem's stack (answered,
 * held with a re-INVITE, hung up), SIPp cancels while it rings, and Tandem calls SIPp and hangs up. The stack
 * runs in this process with an INVITE handler standing in for the calls layer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialog } from '../../server/sip/dialog/dialog.js';
import type { DialogEndReason } from '../../server/sip/dialog/dialog-types.js';
import type { IncomingInvite } from '../../server/sip/dialog/incoming-invite.js';
import type { SipStack } from '../../server/sip/sip-stack.js';
import { portOf, startTestStack } from '../../server/sip/sip-stack.fixture.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { describeSipp, runSipp } from '../support/sipp.js';

const ANSWER =
  'v=0\r\no=tandem 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\n';
const OFFER = ANSWER.replace('40002', '40000');

let stack: SipStack;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let onInvite: (invite: IncomingInvite) => void = (invite) => invite.reject(480);

beforeAll(async () => {
  // SIPp's own timers are real (T1 500 ms); ours too, so that neither side retransmits early.
  stack = await startTestStack({ timers: { T1: 500, T2: 4_000, T4: 5_000 } });
  stack.core.onInvite((invite) => onInvite(invite), ['INFO']);
});

afterAll(async () => {
  await stack.stop();
});

describe.each(['udp', 'tcp'] as const)('SIPp over %s', (transport) => {
  it('calls, holds and hangs up; Tandem answers each step and ends the dialog', async () => {
    const ended = new Promise<{ reason: DialogEndReason; reinvites: string[] }>((resolve) => {
      onInvite = (invite) => {
        invite.progress(180);
        const dialog = invite.accept({ body: ANSWER });
        const reinvites: string[] = [];
        dialog.delegate = {
          onReinvite(reinvite) {
            reinvites.push(reinvite.request.bodyText.includes('a=sendonly') ? 'hold' : 'other');
            reinvite.accept({ body: `${ANSWER}a=recvonly\r\n` });
          },
          onTerminated: (reason) => resolve({ reason, reinvites }),
        };
      };
    });
    const result = await runSipp({
      scenario: 'uac-call-hold-bye.xml',
      port: portOf(stack, transport),
      transport,
      service: 'bob',
      defaultBehaviors: 'all',
    });
    expect(result.exitCode, describeSipp(result)).toBe(0);
    expect(await ended).toEqual({ reason: 'remote-bye', reinvites: ['hold'] });
    expect(stack.dialogs.count).toBe(0);
  });

  it('cancels while it rings and gets 200 for the CANCEL and 487 for the INVITE', async () => {
    const cancelled = new Promise<string>((resolve) => {
      onInvite = (invite) => {
        invite.delegate.onCancel = () => resolve(invite.state);
        invite.progress(180);
      };
    });
    const result = await runSipp({
      scenario: 'uac-cancel.xml',
      port: portOf(stack, transport),
      transport,
      service: 'bob',
    });
    expect(result.exitCode, describeSipp(result)).toBe(0);
    expect(await cancelled).toBe('cancelled');
  });

  it('is called by Tandem, answers, and is hung up on', async () => {
    const sippPort = await freeLoopbackPort();
    const sipp = runSipp({
      scenario: 'uas-answer.xml',
      port: portOf(stack, transport),
      transport,
      localPort: sippPort,
      defaultBehaviors: 'all',
    });
    const suffix = transport === 'udp' ? '' : ';transport=tcp';
    const ringing: number[] = [];
    const call = () => {
      const placed = stack.dialogs.invite({
        uri: `sip:callee@127.0.0.1:${sippPort}${suffix}`,
        from: '"Tandem" <sip:+15550100@tandem.local>',
        to: `<sip:callee@127.0.0.1:${sippPort}>`,
        body: OFFER,
      });
      placed.delegate.onProgress = (response) => ringing.push(response.status);
      return placed;
    };
    // SIPp needs a moment to listen: over TCP a refused connection fails the INVITE at once (a local 503),
    // so it is tried again; over UDP the INVITE's own retransmissions cover the wait.
    let invite = call();
    for (let attempt = 0; transport === 'tcp' && attempt < 50; attempt++) {
      const early = await Promise.race([invite.outcome, delay(200).then(() => null)]);
      if (early === null || early.response.status !== 503) break;
      await delay(100);
      invite = call();
    }
    const outcome = await invite.outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.toString()}`);
    expect(ringing).toContain(180);
    expect(outcome.response.bodyText).toContain('m=audio');
    const dialog: Dialog = outcome.dialog;
    await delay(200);
    const bye = await dialog.bye();
    expect(bye?.status).toBe(200);
    const result = await sipp;
    expect(result.exitCode, describeSipp(result)).toBe(0);
  });
});
