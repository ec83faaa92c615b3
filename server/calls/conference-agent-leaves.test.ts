/**
 * The agent who started a conference hangs up: the caller and the third party (bob) go on talking on the
 * mixer, and the call ends only when one of them hangs up. Real peers (calls-harness.fixture.ts); what each
 * RTP peer hears is measured as in conference.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeG711, PCMU } from '../sfu/mixer/g711.js';
import { toneAmplitude } from '../sfu/mixer/testing/tone-peer.fixture.js';
import { mediaAddressOf, type RtpPeer } from '../sfu/testing/rtp-peer.fixture.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import { useCallsHarness } from './testing/calls-harness.fixture.js';

const h = useCallsHarness();

/** The level of `hz` in what `peer` received from packet `from` on. */
function levelHeard(peer: RtpPeer, from: number, hz: number): number {
  const payloads = peer.received.slice(from).filter((packet) => packet.payloadType === PCMU);
  const samples = new Int16Array(payloads.reduce((sum, packet) => sum + packet.payload.length, 0));
  let offset = 0;
  for (const packet of payloads) {
    decodeG711(packet.payload, PCMU, samples.subarray(offset, offset + packet.payload.length));
    offset += packet.payload.length;
  }
  return Math.round(toneAmplitude(samples, hz));
}

describe('the agent leaving a conference she started', () => {
  it('leaves the caller and the third party talking; the call ends when one of them hangs up', async () => {
    h.register('alice');
    const [callerPeer, alicePeer, bobPeer] = await Promise.all([h.rtpPeer(), h.rtpPeer(), h.rtpPeer()]);
    const offers = { caller: '', bob: '' };
    let aliceDialog: Dialog | undefined;
    let bobDialog: Dialog | undefined;
    h.phones.alice.answer = (invite) => {
      aliceDialog = invite.accept({ body: alicePeer.sdp() });
      aliceDialog.delegate.onReinvite = (reinvite) => reinvite.accept({ body: alicePeer.sdp() });
    };
    h.phones.bob.answer = (invite) => {
      offers.bob = invite.request.bodyText;
      bobDialog = invite.accept({ body: bobPeer.sdp() });
    };
    const outcome = await h.call(h.trunk, callerPeer.sdp()).outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    outcome.dialog.delegate.onReinvite = (reinvite) => {
      offers.caller = reinvite.request.bodyText;
      reinvite.accept({ body: callerPeer.sdp() });
    };
    const call = h.calls.active[0]!;
    h.register('bob');
    expect(await call.addThirdParty('1002')).toBe(200);

    await aliceDialog!.bye();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(call.state).toBe('answered');
    expect(outcome.dialog.state).not.toBe('terminated');
    expect(bobDialog!.state).not.toBe('terminated');
    const tenantId = h.store.tenants.list()[0]!.id;
    expect(call.agentId, 'bob has the caller now').toBe(h.store.agents.findByUsername(tenantId, 'bob')!.id);

    const marks = [callerPeer.received.length, bobPeer.received.length];
    await Promise.all([
      callerPeer.sendTone(mediaAddressOf(offers.caller), 40, { toneHz: 400, ssrc: 1 }),
      bobPeer.sendTone(mediaAddressOf(offers.bob), 40, { toneHz: 2500, ssrc: 3 }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const callerHearsBob = levelHeard(callerPeer, marks[0]!, 2500);
    const bobHearsCaller = levelHeard(bobPeer, marks[1]!, 400);
    expect(callerHearsBob, 'the caller hears bob').toBeGreaterThan(500);
    expect(bobHearsCaller, 'bob hears the caller').toBeGreaterThan(500);

    await bobDialog!.bye();
    await expect.poll(() => outcome.dialog.state).toBe('terminated');
    await expect
      .poll(() => h.media.plane.remoteCalls().then((all) => all.flatMap((i) => i.calls)))
      .toEqual([]);
    expect(h.lastRecord().events).toEqual(expect.arrayContaining(['conference', 'left-conference']));
  });
});
