/**
 * Dialogs between two real SIP stacks on loopback (UDP and TCP): INVITE/180/200/ACK, in-dialog
 * requests, re-INVITE with target refresh, BYE from either side, CANCEL, rejection, 481 for a
 * dialog the peer no longer knows, glare. Timers are fast (T1 20 ms).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SipStack } from '../sip-stack.js';
import { portOf, startTestStack } from '../sip-stack.fixture.js';
import type { TransportProtocol } from '../transport/transport-types.js';
import type { Dialog } from './dialog.js';
import { DialogState, type DialogEndReason, type InviteRequest } from './dialog-types.js';
import type { IncomingInvite } from './incoming-invite.js';
import { isLocalResponse } from './request-sender.js';

const OFFER =
  'v=0\r\no=a 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n';
const ANSWER = OFFER.replace('40000', '40002').replace('o=a', 'o=b');

let caller: SipStack;
let callee: SipStack;
/** What the callee does with the next initial INVITE. */
let onInvite: (invite: IncomingInvite) => void = (invite) => invite.reject(480);

beforeAll(async () => {
  [caller, callee] = await Promise.all([startTestStack(), startTestStack()]);
  callee.core.onInvite((invite) => onInvite(invite), ['INFO', 'UPDATE', 'REFER']);
  caller.core.onInvite((invite) => invite.reject(603), ['INFO']);
});

afterAll(async () => {
  await Promise.all([caller.stop(), callee.stop()]);
});

function uriOf(stack: SipStack, protocol: TransportProtocol, user = 'bob'): string {
  const transport = protocol === 'udp' ? '' : `;transport=${protocol}`;
  return `sip:${user}@127.0.0.1:${portOf(stack, protocol)}${transport}`;
}

function inviteCallee(protocol: TransportProtocol, body = OFFER) {
  return caller.dialogs.invite({
    uri: uriOf(callee, protocol),
    from: '"Support" <sip:+15550100@tandem.local>',
    to: '<sip:bob@tandem.local>',
    body,
  });
}

function terminated(dialog: Dialog): Promise<DialogEndReason> {
  return new Promise((resolve) => {
    const previous = dialog.delegate.onTerminated;
    dialog.delegate.onTerminated = (reason) => {
      previous?.(reason);
      resolve(reason);
    };
  });
}

/** Answers the next INVITE with 180 then 200 (answer SDP); resolves with the callee's dialog once ACKed. */
function answerNextInvite(): Promise<{ dialog: Dialog; ack: string; invite: IncomingInvite }> {
  return new Promise((resolve) => {
    onInvite = (invite) => {
      invite.progress(180);
      const dialog = invite.accept({ body: ANSWER });
      invite.delegate.onConfirmed = (ack) => resolve({ dialog, ack: ack.toString(), invite });
    };
  });
}

describe.each(['udp', 'tcp'] as const)('a call over %s', (protocol) => {
  it('is set up, carries in-dialog requests and a re-INVITE, and ends with the callee BYE', async () => {
    const answered = answerNextInvite();
    const invite = inviteCallee(protocol);
    const progress: number[] = [];
    invite.delegate.onProgress = (response) => progress.push(response.status);

    const outcome = await invite.outcome;
    expect(outcome.kind).toBe('answered');
    if (outcome.kind !== 'answered') return;
    expect(outcome.response.bodyText).toBe(ANSWER);
    expect(progress).toContain(180);
    const { dialog: calleeDialog, ack, invite: incoming } = await answered;
    expect(incoming.request.bodyText).toBe(OFFER);
    expect(ack).toContain(`CSeq: ${invite.request.cseq.seq} ACK`);
    const callerDialog = outcome.dialog;
    expect(callerDialog.state).toBe(DialogState.Confirmed);
    expect(callee.dialogs.find(calleeDialog.id)).toBe(calleeDialog);
    expect(callerDialog.id.callId).toBe(calleeDialog.id.callId);
    expect(callerDialog.id.localTag).toBe(calleeDialog.id.remoteTag);

    // INFO (DTMF from a client) reaches the callee's delegate, which answers it.
    const infos: string[] = [];
    calleeDialog.delegate.onRequest = (request, transaction) => {
      infos.push(`${request.method} ${request.bodyText}`);
      transaction.respond(200);
    };
    const info = await callerDialog.request('INFO', {
      body: 'Signal=5\r\nDuration=160\r\n',
      contentType: 'application/dtmf-relay',
    });
    expect(info.status).toBe(200);
    expect(infos).toEqual(['INFO Signal=5\r\nDuration=160\r\n']);

    // A re-INVITE putting the callee on hold: answered, ACKed, seen by both sides.
    const holds: string[] = [];
    calleeDialog.delegate.onReinvite = (reinvite: InviteRequest) => {
      holds.push(reinvite.request.bodyText);
      reinvite.accept({ body: ANSWER.replace('m=audio', 'a=recvonly\r\nm=audio') });
    };
    const hold = await callerDialog.reinvite({ body: `${OFFER}a=sendonly\r\n` });
    expect(hold.status).toBe(200);
    expect(hold.bodyText).toContain('a=recvonly');
    expect(holds).toHaveLength(1);

    // The callee hangs up.
    const callerEnded = terminated(callerDialog);
    const bye = await calleeDialog.bye();
    expect(bye?.status).toBe(200);
    expect(await callerEnded).toBe('remote-bye');
    expect(calleeDialog.terminationReason).toBe('local-bye');
    expect(caller.dialogs.find(callerDialog.id)).toBeUndefined();
    expect(callee.dialogs.find(calleeDialog.id)).toBeUndefined();
  });

  it('ends with the caller BYE, after which the dialog refuses to send', async () => {
    const answered = answerNextInvite();
    const outcome = await inviteCallee(protocol).outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    const { dialog: calleeDialog } = await answered;
    const calleeEnded = terminated(calleeDialog);
    expect((await outcome.dialog.bye())?.status).toBe(200);
    expect(await calleeEnded).toBe('remote-bye');
    expect(await outcome.dialog.bye()).toBeNull();
    await expect(outcome.dialog.request('INFO')).rejects.toThrow(/dialog has ended/);
  });
});

describe('call set-up that does not end in a dialog', () => {
  it('is refused with the callee status', async () => {
    onInvite = (invite) => invite.reject(486);
    const outcome = await inviteCallee('udp').outcome;
    expect(outcome.kind).toBe('failed');
    expect(outcome.response.status).toBe(486);
    expect(isLocalResponse(outcome.response)).toBe(false);
  });

  it('is cancelled after ringing: the callee hears of it and answers 487', async () => {
    const cancelled = new Promise<string>((resolve) => {
      onInvite = (invite) => {
        invite.delegate.onCancel = (cancel) => resolve(cancel.method);
        invite.progress(180);
      };
    });
    const invite = inviteCallee('udp');
    await new Promise<void>((resolve) => (invite.delegate.onProgress = () => resolve()));
    invite.cancel();
    const outcome = await invite.outcome;
    expect(outcome.response.status).toBe(487);
    expect(await cancelled).toBe('CANCEL');
  });

  it('is cancelled before any provisional response: the CANCEL waits for one', async () => {
    let incoming: IncomingInvite | undefined;
    const cancelled = new Promise<void>((resolve) => {
      onInvite = (invite) => {
        incoming = invite;
        invite.delegate.onCancel = () => resolve();
        // Ring only later, so that the caller has already given up.
        setTimeout(() => invite.progress(180), 100);
      };
    });
    const invite = inviteCallee('tcp');
    invite.cancel();
    expect((await invite.outcome).response.status).toBe(487);
    await cancelled;
    expect(incoming?.state).toBe('cancelled');
  });

  it('fails with a local 408 when nobody answers (Timer B)', async () => {
    const started = Date.now();
    const outcome = await caller.dialogs.invite({
      uri: 'sip:nobody@127.0.0.1:9',
      from: '<sip:a@tandem.local>',
      to: '<sip:nobody@127.0.0.1>',
    }).outcome;
    expect(outcome.response.status).toBe(408);
    expect(isLocalResponse(outcome.response)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(64 * 20 - 50);
  });

  it('fails with a local 503 when the target cannot be reached', async () => {
    const outcome = await caller.dialogs.invite({
      uri: 'sip:agent@df7jal23ls0d.invalid;transport=ws',
      from: '<sip:a@tandem.local>',
      to: '<sip:agent@tandem.local>',
    }).outcome;
    expect(outcome.response.status).toBe(503);
    expect(outcome.response.headers.get('reason')).toMatch(/own connection/);
  });
});

describe('in-dialog failures', () => {
  it('a peer that forgot the dialog answers 481 and the dialog ends', async () => {
    const answered = answerNextInvite();
    const outcome = await inviteCallee('udp').outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    const { dialog: calleeDialog } = await answered;
    calleeDialog.terminate('shutdown');
    const ended = terminated(outcome.dialog);
    const response = await outcome.dialog.request('INFO');
    expect(response.status).toBe(481);
    expect(await ended).toBe('peer-gone');
  });

  it('a re-INVITE is not sent while another is pending in either direction', async () => {
    const answered = answerNextInvite();
    const outcome = await inviteCallee('udp').outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    const { dialog: calleeDialog } = await answered;
    let pending: InviteRequest | undefined;
    calleeDialog.delegate.onReinvite = (reinvite) => (pending = reinvite);
    const first = outcome.dialog.reinvite({ body: OFFER });
    await expect.poll(() => pending).toBeDefined();
    // The callee, with the caller's re-INVITE unanswered, may not send its own (RFC 3261 14.1).
    const second = await calleeDialog.reinvite({ body: ANSWER });
    expect(second.status).toBe(491);
    expect(isLocalResponse(second)).toBe(true);
    pending!.accept({ body: ANSWER });
    expect((await first).status).toBe(200);
    // And the other way round: the caller's INVITE is pending at the callee while it sends one.
    calleeDialog.delegate.onReinvite = (reinvite) => setTimeout(() => reinvite.accept({ body: ANSWER }), 150);
    const callerReinvite = outcome.dialog.reinvite({ body: OFFER });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(outcome.dialog.hasOutgoingInvite).toBe(true);
    const local = await outcome.dialog.reinvite({ body: OFFER });
    expect(local.status).toBe(491);
    expect((await callerReinvite).status).toBe(200);
    await outcome.dialog.bye();
  });
});
