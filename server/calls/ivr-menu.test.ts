/**
 * The demo main number's menu with real peers (calls-harness.fixture.ts: Tandem's SIP stack, a real
 * rtpengine, a trunk and agents' phones on loopback): the caller is answered by the IVR and hears the
 * spoken menu, presses 1 (RFC 4733 through rtpengine), waits in the sales queue hearing music, and is
 * moved by re-INVITE to alice when she answers, with audio both ways. The call record keeps the
 * caller's choice. A caller who presses 2 waits in support, hearing the endpoint, and leaves the queue
 * when hanging up. (Retries and the fallback of a menu are the flow runner's tests.)
 */
import { describe, expect, it } from 'vitest';
import { mediaAddressOf, mulawLevel, type RtpPeer } from '../sfu/testing/rtp-peer.fixture.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import { useCallsHarness } from './testing/calls-harness.fixture.js';

const h = useCallsHarness();
const MAIN_NUMBER = '+15550100';
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The level of what the peer received from packet `from` on (µ-law audio only). */
function levelSince(peer: RtpPeer, from: number): number {
  return mulawLevel(
    peer.received
      .slice(from)
      .filter((packet) => packet.payloadType === 0)
      .map((packet) => packet.payload),
  );
}

describe('the main number menu', () => {
  it('speaks the menu, takes the key 1 to sales, and connects the caller to the agent who answers', async () => {
    const caller = await h.rtpPeer();
    const alice = await h.rtpPeer();
    let aliceDialog: Dialog | undefined;
    let aliceOffer = '';
    h.phones.alice.answer = (invite) => {
      aliceOffer = invite.request.bodyText;
      aliceDialog = invite.accept({ body: alice.sdp() });
    };
    const reinvites: string[] = [];
    const call = h.call(h.trunk, caller.sdp(), MAIN_NUMBER);
    const outcome = await call.outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    outcome.dialog.delegate.onReinvite = (reinvite) => {
      reinvites.push(reinvite.request.bodyText);
      reinvite.accept({ body: caller.sdp() });
    };
    // The IVR answered: the caller hears the welcome and the menu (speech, not silence).
    const towardTandem = mediaAddressOf(outcome.response.bodyText);
    await caller.sendTone(towardTandem, 5); // rtpengine learns where the caller is
    await caller.waitForPackets(100, 5_000);
    expect(levelSince(caller, 0)).toBeGreaterThan(500);

    // Nobody has rung yet; alice registers, then the caller presses 1 (sales).
    expect(aliceDialog).toBeUndefined();
    h.register('alice');
    await caller.sendKey(towardTandem, '1');
    await expect.poll(() => aliceDialog, { timeout: 5_000 }).toBeDefined();
    // The caller was moved to alice by re-INVITE; audio flows both ways.
    await expect.poll(() => reinvites.length).toBe(1);
    const towardCaller = mediaAddressOf(reinvites[0]!);
    const heardBefore = alice.received.length;
    const callerHeardBefore = caller.received.length;
    await Promise.all([
      caller.sendTone(towardCaller, 25, { toneHz: 440 }),
      alice.sendTone(mediaAddressOf(aliceOffer), 25, { toneHz: 1000 }),
    ]);
    await expect.poll(() => alice.received.length - heardBefore).toBeGreaterThanOrEqual(20);
    await expect.poll(() => caller.received.length - callerHeardBefore).toBeGreaterThanOrEqual(20);
    expect(levelSince(alice, heardBefore)).toBeGreaterThan(1000);

    await outcome.dialog.bye();
    await expect.poll(() => h.calls.active.length).toBe(0);
    const tenantId = h.store.tenants.list()[0]!.id;
    const { record, events } = h.lastRecord();
    expect(record).toMatchObject({
      queueId: h.store.queues.findByName(tenantId, 'sales')!.id,
      endReason: 'caller-hangup',
    });
    expect(events).toEqual(
      expect.arrayContaining(['answered-by-ivr', 'ivr-started', 'ivr-step', 'answered']),
    );
    const steps = h.store.calls
      .events(record.id)
      .filter((event) => event.kind === 'ivr-step')
      .map((event) => event.data);
    expect(steps).toContainEqual(expect.objectContaining({ stepId: 'main-menu', choice: '1', to: 'sales' }));
    await expect
      .poll(() => h.media.plane.remoteCalls().then((all) => all.flatMap((i) => i.calls)))
      .toEqual([]);
  }, 30_000);

  it('takes a caller who presses 2 to support, and out of the queue when they hang up while waiting', async () => {
    h.register('bob');
    let rang = false;
    h.phones.bob.answer = (invite) => {
      rang = true;
      invite.progress(180); // rings, never answers
    };
    const caller = await h.rtpPeer();
    const outcome = await h.call(h.trunk, caller.sdp(), MAIN_NUMBER).outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    const towardTandem = mediaAddressOf(outcome.response.bodyText);
    await caller.sendTone(towardTandem, 5);
    await caller.sendKey(towardTandem, '2');
    const supportId = h.store.queues.findByName(h.store.tenants.list()[0]!.id, 'support')!.id;
    await expect.poll(() => h.lastRecord().record.queueId).toBe(supportId);
    await expect.poll(() => rang).toBe(true);
    const callId = h.calls.active[0]!.id;
    // While bob's phone rings the caller hears the IVR endpoint (music, position), not silence.
    const heard = caller.received.length;
    await delay(1_000);
    expect(caller.received.length - heard).toBeGreaterThanOrEqual(40);
    await outcome.dialog.bye();
    await expect.poll(() => h.calls.routing.engine.isWaiting(callId)).toBe(false);
    await expect.poll(() => h.lastRecord().record.endReason).toBe('caller-hangup');
    // Told their position and the expected wait (bob staffs support; no call handled yet today: 3 min each).
    const announced = h.store.calls.events(callId).find((event) => event.kind === 'announced');
    expect(announced?.data).toMatchObject({ position: 1, expectedWaitMs: 180_000 });
  }, 20_000);

  it('calls a waiting caller back who pressed star: the agent first, then the caller, talking both ways', async () => {
    h.register('alice');
    const engine = h.calls.routing.engine;
    const tenantId = h.store.tenants.list()[0]!.id;
    const alice = h.store.agents.findByUsername(tenantId, 'alice')!;
    engine.agentCommand(alice.id, { type: 'setNotReady', reason: 'break' });
    const caller = await h.rtpPeer();
    const outcome = await h.call(h.trunk, caller.sdp(), MAIN_NUMBER).outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    const callerGone = new Promise<string>((resolve) => {
      outcome.dialog.delegate.onTerminated = (reason) => resolve(reason);
    });
    const towardTandem = mediaAddressOf(outcome.response.bodyText);
    await caller.sendTone(towardTandem, 5);
    await caller.sendKey(towardTandem, '2');
    await expect.poll(() => h.lastRecord().record.queueId).not.toBeNull();
    const waitingCallId = h.lastRecord().record.id;
    await caller.sendKey(towardTandem, '*');
    // Thanked and let go: Tandem hangs up; a callback waits in the caller's place.
    expect(await callerGone).toBe('remote-bye');
    await expect.poll(() => h.store.calls.find(waitingCallId)?.endReason).toBe('callback-requested');
    const requested = h.store.calls
      .events(waitingCallId)
      .find((event) => event.kind === 'callback-requested');
    const callbackId = String(requested?.data.callbackId);
    expect(engine.isWaiting(callbackId)).toBe(true);

    // alice is back: her phone rings for the callback, then the carrier is asked for the caller's number.
    const agentPeer = await h.rtpPeer();
    const customerPeer = await h.rtpPeer();
    let agentDialog: Dialog | undefined;
    let agentOffer = '';
    let shownAs = '';
    const agentMoves: string[] = [];
    h.phones.alice.answer = (invite) => {
      shownAs = invite.request.from.displayName ?? '';
      agentOffer = invite.request.bodyText;
      agentDialog = invite.accept({ body: agentPeer.sdp() });
      agentDialog.delegate = {
        onReinvite: (reinvite) => {
          agentMoves.push(reinvite.request.bodyText);
          reinvite.accept({ body: agentPeer.sdp() });
        },
      };
    };
    let dialled = '';
    let customerOffer = '';
    let customerDialog: Dialog | undefined;
    h.onCarrierInvite = (invite) => {
      dialled = JSON.stringify(invite.request.uri);
      customerOffer = invite.request.bodyText;
      customerDialog = invite.accept({ body: customerPeer.sdp() });
    };
    engine.agentCommand(alice.id, { type: 'setAvailable' });
    await expect.poll(() => agentMoves.length, { timeout: 8_000 }).toBe(1);
    expect(shownAs).toContain('+4930111222');
    expect(dialled).toContain('+4930111222');
    expect(agentOffer).not.toBe('');

    const agentHeard = agentPeer.received.length;
    const customerHeard = customerPeer.received.length;
    await Promise.all([
      agentPeer.sendTone(mediaAddressOf(agentMoves[0]!), 25, { toneHz: 440 }),
      customerPeer.sendTone(mediaAddressOf(customerOffer), 25, { toneHz: 1000 }),
    ]);
    await expect.poll(() => agentPeer.received.length - agentHeard).toBeGreaterThanOrEqual(20);
    await expect.poll(() => customerPeer.received.length - customerHeard).toBeGreaterThanOrEqual(20);
    expect(levelSince(customerPeer, customerHeard)).toBeGreaterThan(1000);
    expect(levelSince(agentPeer, agentHeard)).toBeGreaterThan(1000);

    // The customer hangs up: alice's call ends too, and the callback is done.
    await customerDialog!.bye();
    await expect.poll(() => agentDialog?.state).toBe('terminated');
    expect(engine.isWaiting(callbackId)).toBe(false);
    const callback = h.store.calls
      .changedSince(0, 1_000)
      .find((record) => h.store.calls.events(record.id).some((event) => event.kind === 'callback'))!;
    expect(h.store.calls.events(callback.id).map((event) => event.kind)).toEqual([
      'callback',
      'offered',
      'answered',
      'dialing',
      'customer-answered',
      'ended',
    ]);
    await expect
      .poll(() => h.media.plane.remoteCalls().then((all) => all.flatMap((i) => i.calls)))
      .toEqual([]);
  }, 30_000);
});
