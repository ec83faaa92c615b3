/**
 * Attended transfer with real peers (calls-harness.fixture.ts): a trunk caller talks to alice; alice holds,
 * calls bob (or a number through the carrier) from her phone, then completes with a REFER whose Refer-To
 * carries Replaces, as SIP.js's `session.refer(consultSession)` does. The caller and bob must then hear each
 * other (RTP tones both ways, measured), alice's two dialogs end, both call records say what happened, and
 * rtpengine holds nothing once the caller hangs up. A Replaces that names no call, or a caller that refuses
 * to move, leaves both calls as they were.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mediaAddressOf, mulawLevel, type RtpPeer } from '../sfu/testing/rtp-peer.fixture.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import type { DialogEndReason } from '../sip/dialog/dialog-types.js';
import { useCallsHarness } from './testing/calls-harness.fixture.js';

const h = useCallsHarness();

// A failed test must not leave calls up (its agents would be busy for the next one).
afterEach(async () => {
  for (const call of h.calls.active) call.hangup('failed');
  await expect.poll(rtpengineCalls).toEqual([]);
});

/** A phone's side of a dialog: answers re-INVITEs as a phone would, keeps the last offer, NOTIFY bodies, the end. */
class PhoneDialog {
  readonly notifies: string[] = [];
  readonly reinviteOffers: string[] = [];
  readonly ended: Promise<DialogEndReason>;
  refuseReinvites = 0;

  constructor(
    readonly dialog: Dialog,
    readonly peer: RtpPeer,
    /** Where this phone sends its media: from the INVITE or answer, then from each re-INVITE. */
    public sendTo: string,
  ) {
    this.ended = new Promise((resolve) => {
      dialog.delegate = {
        onTerminated: resolve,
        onRequest: (request, transaction) => {
          if (request.method === 'NOTIFY') this.notifies.push(request.bodyText.trim());
          transaction.respond(200);
        },
        onReinvite: (reinvite) => {
          if (this.refuseReinvites > 0) {
            this.refuseReinvites -= 1;
            reinvite.reject(488);
            return;
          }
          const offer = reinvite.request.bodyText;
          this.reinviteOffers.push(offer);
          this.sendTo = offer;
          const held = /^a=sendonly/m.test(offer);
          reinvite.accept({ body: peer.sdp(held ? 'recvonly' : 'sendrecv') });
        },
      };
    });
  }

  /** Sends `count` packets of a tone to where it was last told to. */
  talk(count: number, toneHz: number): Promise<void> {
    return this.peer.sendTone(mediaAddressOf(this.sendTo), count, { toneHz });
  }
}

/** The REFER SIP.js sends for `session.refer(consult)`: Refer-To with the consult dialog in Replaces. */
function replacesReferTo(consult: Dialog): string {
  const { callId, localTag, remoteTag } = consult.id;
  const replaces = encodeURIComponent(`${callId};to-tag=${remoteTag};from-tag=${localTag}`);
  return `"Bob Agent" <sip:tandem@127.0.0.1;transport=udp?Replaces=${replaces}>`;
}

function callIdOf(invite: IncomingInvite | undefined): string {
  const id = invite?.request.headers.get('x-tandem-call-id');
  if (!id) throw new Error('no X-Tandem-Call-Id');
  return id;
}

function eventsOf(callId: string): string[] {
  return h.store.calls.events(callId).map((event) => event.kind);
}

function rtpengineCalls(): Promise<string[]> {
  return h.media.plane.remoteCalls().then((all) => all.flatMap((instance) => instance.calls));
}

/**
 * The trunk caller answered by alice, held by her (the caller hears music), and her consult call to
 * `consultTarget`, answered by `answerConsult` with the consult peer.
 */
async function customerHeldWhileAliceConsults(consultTarget: string) {
  h.register('alice');
  h.register('bob');
  const [callerPeer, alicePeer, consultPeer, targetPeer] = await Promise.all([
    h.rtpPeer(),
    h.rtpPeer(),
    h.rtpPeer(),
    h.rtpPeer(),
  ]);
  let aliceSide: PhoneDialog | undefined;
  let aliceInvite: IncomingInvite | undefined;
  h.phones.alice.answer = (invite) => {
    aliceInvite = invite;
    aliceSide = new PhoneDialog(invite.accept({ body: alicePeer.sdp() }), alicePeer, invite.request.bodyText);
  };
  const customer = await h.call(h.trunk, callerPeer.sdp()).outcome;
  if (customer.kind !== 'answered') throw new Error(`not answered: ${customer.response.status}`);
  const caller = new PhoneDialog(customer.dialog, callerPeer, customer.response.bodyText);

  const hold = await aliceSide!.dialog.reinvite({ body: alicePeer.sdp('sendonly') });
  expect(hold.status).toBe(200);
  expect(caller.reinviteOffers.at(-1)).toMatch(/^a=sendonly/m);

  let targetInvite: IncomingInvite | undefined;
  let target: PhoneDialog | undefined;
  const answerTarget = (invite: IncomingInvite) => {
    targetInvite = invite;
    target = new PhoneDialog(invite.accept({ body: targetPeer.sdp() }), targetPeer, invite.request.bodyText);
  };
  h.phones.bob.answer = answerTarget;
  h.onCarrierInvite = answerTarget;
  const consultOutcome = await h.call(h.phones.alice.stack, consultPeer.sdp(), consultTarget).outcome;
  if (consultOutcome.kind !== 'answered') throw new Error(`consult: ${consultOutcome.response.status}`);
  const consult = new PhoneDialog(consultOutcome.dialog, consultPeer, consultOutcome.response.bodyText);
  // Alice and the target talk while the caller waits.
  await consult.talk(10, 700);
  expect((await targetPeer.waitForPackets(8)).length).toBeGreaterThanOrEqual(8);
  return {
    caller,
    alice: aliceSide!,
    consult,
    target: target!,
    customerCallId: callIdOf(aliceInvite),
    consultCallId: targetInvite?.request.headers.get('x-tandem-call-id') ?? null,
    targetInvite: targetInvite!,
  };
}

/** The caller and the target each send a tone of their own; each must hear the other's, loud. */
async function expectTwoWayAudio(caller: PhoneDialog, target: PhoneDialog) {
  const callerMark = caller.peer.received.length;
  const targetMark = target.peer.received.length;
  await Promise.all([caller.talk(25, 440), target.talk(25, 1_000)]);
  const heardByTarget = (await target.peer.waitForPackets(targetMark + 20)).slice(targetMark);
  const heardByCaller = (await caller.peer.waitForPackets(callerMark + 20)).slice(callerMark);
  expect(heardByTarget.length).toBeGreaterThanOrEqual(20);
  expect(heardByCaller.length).toBeGreaterThanOrEqual(20);
  // A tone at 8000 of 32767 has an RMS near 5,600; silence or comfort noise is far below 1,000.
  const pcmu = (packets: typeof heardByTarget) =>
    packets.filter((packet) => packet.payloadType === 0).map((packet) => packet.payload);
  expect(mulawLevel(pcmu(heardByTarget))).toBeGreaterThan(2_000);
  expect(mulawLevel(pcmu(heardByCaller))).toBeGreaterThan(2_000);
}

describe('attended transfer: alice consults bob, then completes', () => {
  it('joins the caller with bob, releases alice, records both calls, and leaves no media behind', async () => {
    const {
      caller,
      alice,
      consult,
      target: bob,
      customerCallId,
      consultCallId,
    } = await customerHeldWhileAliceConsults('1002');
    const refer = await alice.dialog.request('REFER', {
      headers: [['Refer-To', replacesReferTo(consult.dialog)]],
    });
    expect(refer.status).toBe(202);

    // Alice hears it worked, then both her dialogs end (Tandem's BYEs).
    expect(await alice.ended).toBe('remote-bye');
    expect(await consult.ended).toBe('remote-bye');
    expect(alice.notifies).toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 200 OK']);
    // Bob was re-offered (media from the caller's new leg); the caller was moved, and taken off hold.
    expect(bob.reinviteOffers).toHaveLength(1);
    expect(caller.reinviteOffers.at(-1)).toMatch(/^a=sendrecv/m);
    expect(mediaAddressOf(caller.reinviteOffers.at(-1)!)).not.toEqual(
      mediaAddressOf(caller.reinviteOffers[0]!),
    );

    await expectTwoWayAudio(caller, bob);

    // The customer's call ended for alice as transferred; the consult call carries on with the caller.
    expect(h.store.calls.find(customerCallId)).toMatchObject({
      endReason: 'transferred',
      hangupBy: 'callee',
    });
    expect(eventsOf(customerCallId)).toEqual(
      expect.arrayContaining(['answered', 'held', 'transferred', 'ended']),
    );
    expect(h.calls.active.map((call) => call.id)).toEqual([consultCallId]);
    expect(h.calls.active[0]!.callerAgentId).toBeNull();
    expect(eventsOf(consultCallId!)).toContain('transferred');
    // Only the consult call's media session is left in rtpengine.
    expect(await rtpengineCalls()).toEqual([consultCallId]);

    await caller.dialog.bye();
    expect(await bob.ended).toBe('remote-bye');
    expect(h.store.calls.find(consultCallId!)).toMatchObject({ endReason: 'caller-hangup' });
    await expect.poll(rtpengineCalls).toEqual([]);
    expect(h.calls.active).toEqual([]);
  });

  it('to a number through the trunk: the caller talks to the carrier', async () => {
    const {
      caller,
      alice,
      consult,
      target: carrier,
      targetInvite,
    } = await customerHeldWhileAliceConsults('+4930999888');
    expect(targetInvite.request.uri).toMatchObject({ user: '+4930999888' });
    const refer = await alice.dialog.request('REFER', {
      headers: [['Refer-To', replacesReferTo(consult.dialog)]],
    });
    expect(refer.status).toBe(202);
    expect(await alice.ended).toBe('remote-bye');
    expect(await consult.ended).toBe('remote-bye');
    await expectTwoWayAudio(caller, carrier);
    await carrier.dialog.bye();
    expect(await caller.ended).toBe('remote-bye');
    await expect.poll(rtpengineCalls).toEqual([]);
  });
});

describe('attended transfer that cannot complete', () => {
  it('names no call in Replaces: alice is told 481 and keeps both calls', async () => {
    const { caller, alice, consult, target: bob } = await customerHeldWhileAliceConsults('1002');
    const unknown = encodeURIComponent('no-such-call@127.0.0.1;to-tag=1;from-tag=2');
    const refer = await alice.dialog.request('REFER', {
      headers: [['Refer-To', `<sip:tandem@127.0.0.1?Replaces=${unknown}>`]],
    });
    expect(refer.status).toBe(202);
    await expect
      .poll(() => alice.notifies)
      .toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 481 Call/Transaction Does Not Exist']);
    expect(alice.dialog.state).toBe('confirmed');
    expect(consult.dialog.state).toBe('confirmed');
    expect(h.calls.active).toHaveLength(2);
    expect(bob.reinviteOffers).toEqual([]);

    await Promise.all([caller.dialog.bye(), consult.dialog.bye()]);
    await expect.poll(rtpengineCalls).toEqual([]);
    expect(h.calls.active).toEqual([]);
  });

  it('refused by the caller: alice is told why, bob is given back to her, both calls go on', async () => {
    const { caller, alice, consult, target: bob } = await customerHeldWhileAliceConsults('1002');
    caller.refuseReinvites = 1;
    const refer = await alice.dialog.request('REFER', {
      headers: [['Refer-To', replacesReferTo(consult.dialog)]],
    });
    expect(refer.status).toBe(202);
    await expect
      .poll(() => alice.notifies)
      .toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 488 Not Acceptable Here']);
    expect(h.calls.active).toHaveLength(2);
    expect(alice.dialog.state).toBe('confirmed');
    // Bob was re-offered twice: toward the caller, then back to alice; he and alice hear each other again.
    expect(bob.reinviteOffers).toHaveLength(2);
    const aliceMark = consult.peer.received.length;
    await Promise.all([consult.talk(20, 700), bob.talk(20, 1_000)]);
    expect((await consult.peer.waitForPackets(aliceMark + 15)).length).toBeGreaterThanOrEqual(aliceMark + 15);

    await Promise.all([caller.dialog.bye(), consult.dialog.bye()]);
    await expect.poll(rtpengineCalls).toEqual([]);
    expect(h.calls.active).toEqual([]);
  });
});
