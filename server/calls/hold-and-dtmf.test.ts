/**
 * What the bridged call adds to a two-party call, with real peers (calls-harness.fixture.ts): a digit keyed
 * on the agent's client (SIP INFO) reaches the trunk as RFC 4733 events, and a caller put on hold by the
 * agent hears music until the agent resumes.
 */
import { describe, expect, it } from 'vitest';
import { mediaAddressOf, mulawLevel } from '../sfu/testing/rtp-peer.fixture.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import { useCallsHarness } from './testing/calls-harness.fixture.js';

const h = useCallsHarness();
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answeredByAlice() {
  h.register('alice');
  const callerPeer = await h.rtpPeer();
  const alicePeer = await h.rtpPeer();
  let aliceDialog: Dialog | undefined;
  let offered: IncomingInvite | undefined;
  h.phones.alice.answer = (invite) => {
    offered = invite;
    aliceDialog = invite.accept({ body: alicePeer.sdp() });
  };
  const outcome = await h.call(h.trunk, callerPeer.sdp()).outcome;
  if (outcome.kind !== 'answered') throw new Error('not answered');
  outcome.dialog.delegate.onReinvite = (reinvite) =>
    reinvite.accept({
      body: callerPeer.sdp(/a=sendonly|a=inactive/.test(reinvite.request.bodyText) ? 'recvonly' : 'sendrecv'),
    });
  return {
    callerPeer,
    alicePeer,
    aliceDialog: aliceDialog!,
    toCaller: outcome,
    aliceOffer: offered!.request.bodyText,
  };
}

describe('DTMF keyed on the agent client (SIP INFO)', () => {
  it('reaches the trunk as RFC 4733 events of that digit', async () => {
    const { callerPeer, alicePeer, aliceDialog, toCaller, aliceOffer } = await answeredByAlice();
    // rtpengine injects into the stream of the side that pressed: alice must be sending.
    const talking = alicePeer.sendTone(mediaAddressOf(aliceOffer), 40);
    await delay(200);
    const info = await aliceDialog.request('INFO', {
      body: 'Signal=5\r\nDuration=160\r\n',
      contentType: 'application/dtmf-relay',
    });
    expect(info.status).toBe(200);
    await talking;
    const events = callerPeer.received.filter((packet) => packet.payloadType === 101);
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((packet) => packet.payload[0]))).toEqual(new Set([5]));
    // The last packets of an event carry its end bit.
    expect(events.some((packet) => (packet.payload[1]! & 0x80) !== 0)).toBe(true);

    const bad = await aliceDialog.request('INFO', {
      body: 'Signal=X\r\n',
      contentType: 'application/dtmf-relay',
    });
    expect(bad.status).toBe(400);
    await toCaller.dialog.bye();
  });
});

describe('hold by the agent', () => {
  it('plays music to the caller while held, and stops on resume', async () => {
    const { callerPeer, aliceDialog, toCaller } = await answeredByAlice();
    const hold = await aliceDialog.reinvite({ body: (await h.rtpPeer()).sdp('sendonly') });
    expect(hold.status).toBe(200);
    const start = callerPeer.received.length;
    await delay(1_000);
    const during = callerPeer.received.slice(start).filter((packet) => packet.payloadType === 0);
    expect(during.length).toBeGreaterThan(25);
    expect(mulawLevel(during.map((packet) => packet.payload))).toBeGreaterThan(500);

    const resume = await aliceDialog.reinvite({ body: (await h.rtpPeer()).sdp('sendrecv') });
    expect(resume.status).toBe(200);
    await delay(300);
    const after = callerPeer.received.length;
    await delay(600);
    // alice sends nothing: with the music stopped, nothing reaches the caller.
    expect(callerPeer.received.length - after).toBeLessThan(3);
    expect(h.lastRecord().events).toEqual(expect.arrayContaining(['held', 'resumed']));
    await toCaller.dialog.bye();
  });
});
