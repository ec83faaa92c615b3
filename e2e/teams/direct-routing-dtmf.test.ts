/**
 * RFC 4733 DTMF toward Teams over the Direct Routing trunk, with real peers
 * (e2e/support/direct-routing-calls-harness.ts): alice's phone calls a Teams user and presses keys as a phone
 * does (telephone-event packets); the Teams user's side, after SRTP decryption and authentication, receives
 * them as telephone-event on the payload type Tandem's INVITE offered, each key once with its end flag, in
 * order, while the call's audio still flows both ways.
 */
import { describe, expect, it } from 'vitest';
import { parseTelephoneEvent, telephoneEventName } from '../../server/sfu/mixer/rtp-packet.js';
import { mediaAddressOf, type RtpPacket } from '../../server/sfu/testing/rtp-peer.fixture.js';
import {
  aliceDials,
  expectTeamsMedia,
  expectTwoWayAudio,
  expertAnswersWith,
  lastTeamsInvite,
  lastTeamsLeg,
  rtpPeer,
  srtpPeer,
  TEAMS_USER,
  useDirectRoutingCalls,
} from '../support/direct-routing-calls-harness.js';

useDirectRoutingCalls();

/** The payload type an SDP maps to telephone-event/8000. */
function telephoneEventType(sdp: string): number {
  const found = /^a=rtpmap:(\d+) telephone-event\/8000\r?$/m.exec(sdp)?.[1];
  if (found === undefined) throw new Error(`no telephone-event in SDP:\n${sdp}`);
  return Number(found);
}

/** The keys in RFC 4733 packets: one per event (its timestamp), counted once its end packet arrived. */
function keysIn(packets: readonly RtpPacket[], payloadType: number): string {
  const ended = new Map<number, string>();
  for (const packet of packets) {
    if (packet.payloadType !== payloadType) continue;
    const event = parseTelephoneEvent(packet.payload);
    if (event?.end && !ended.has(packet.timestamp))
      ended.set(packet.timestamp, telephoneEventName(event.event));
  }
  return [...ended.values()].join('');
}

describe('DTMF toward a Teams user', () => {
  it('the caller’s keys reach the Teams leg as RFC 4733 telephone-event, over SRTP', async () => {
    const expertMedia = await srtpPeer();
    const agentMedia = await rtpPeer();
    expertAnswersWith(expertMedia);
    const outcome = await aliceDials(TEAMS_USER, agentMedia);
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    const invite = lastTeamsInvite();
    expectTeamsMedia(invite.body);
    const eventType = telephoneEventType(invite.body);
    const toTandem = mediaAddressOf(outcome.response.bodyText);
    await expectTwoWayAudio(expertMedia, invite.body, agentMedia, outcome.response.bodyText);

    const mark = expertMedia.received.length;
    for (const key of ['4', '2', '#']) {
      await agentMedia.sendKey(toTandem, key, { durationMs: 120 });
      await agentMedia.sendTone(toTandem, 5, { toneHz: 1000 });
    }
    await expect
      .poll(() => keysIn(expertMedia.received.slice(mark), eventType), { timeout: 5_000 })
      .toBe('42#');
    expect(expertMedia.authFailures).toBe(0);

    await outcome.dialog.bye();
    await expect(lastTeamsLeg().ended).resolves.toBe('bye-received');
  });
});
