/**
 * Warm transfer with a conference of three over the Teams Direct Routing trunk, with real peers
 * (e2e/support/direct-routing-calls-harness.ts): a Teams user calls the queue, alice answers on her phone and
 * adds a Teams expert to the call ("Add to call", POST /api/calls/conference runs `addThirdParty`). The
 * caller and alice are moved onto our mixer by re-INVITEs, the expert is called over the trunk with SDES-SRTP,
 * and each of the three, sending a tone of its own, hears the other two and not itself (Goertzel on what each
 * peer decrypted and decoded). Then alice leaves: the caller and the expert go on talking until one hangs up.
 */
import { describe, expect, it } from 'vitest';
import { decodeG711, PCMU } from '../../server/sfu/mixer/g711.js';
import { toneAmplitude } from '../../server/sfu/mixer/testing/tone-peer.fixture.js';
import type { RtpPacket } from '../../server/sfu/testing/rtp-peer.fixture.js';
import { mediaAddressOf } from '../../server/sfu/testing/rtp-peer.fixture.js';
import {
  calls,
  expectTeamsMedia,
  expertAnswersWith,
  followReinvites,
  lastRecord,
  lastTeamsInvite,
  lastTeamsLeg,
  store,
  srtpPeer,
  teamsCallAnsweredByAlice,
  TEAMS_USER,
  useDirectRoutingCalls,
} from '../support/direct-routing-calls-harness.js';

useDirectRoutingCalls();

const [CALLER_HZ, ALICE_HZ, EXPERT_HZ] = [400, 1000, 2500];
const LOUD = 500;
const QUIET = 200;

/** The level of each tone in what a peer received from packet `from` on (PCMU decoded). */
function levels(received: readonly RtpPacket[], from: number, tones: readonly number[]): number[] {
  const payloads = received.slice(from).filter((packet) => packet.payloadType === PCMU);
  const samples = new Int16Array(payloads.reduce((sum, packet) => sum + packet.payload.length, 0));
  let offset = 0;
  for (const packet of payloads) {
    decodeG711(packet.payload, PCMU, samples.subarray(offset, offset + packet.payload.length));
    offset += packet.payload.length;
  }
  return tones.map((hz) => Math.round(toneAmplitude(samples, hz)));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('a conference of three over Direct Routing: agent, Teams caller, Teams expert', () => {
  it('each hears the other two; when the agent leaves, the caller and the expert go on', async () => {
    const { leg: callerLeg, teamsMedia, toTeams, offered, agentMedia } = await teamsCallAnsweredByAlice();
    // Each party answers the re-INVITE that moves it onto the mixer and sends its tone where it says.
    const caller = followReinvites(callerLeg, teamsMedia, toTeams);
    let aliceSendsTo = '';
    const aliceCall = offered.dialog!;
    aliceCall.delegate.onReinvite = (reinvite) => {
      aliceSendsTo = reinvite.request.bodyText;
      reinvite.accept({ body: agentMedia.sdp() });
    };
    const aliceLeft = new Promise<void>((resolve) => (aliceCall.delegate.onTerminated = () => resolve()));
    const expertMedia = await srtpPeer();
    expertAnswersWith(expertMedia);

    const call = calls.active[0]!;
    expect(await call.addThirdParty(TEAMS_USER)).toBe(200);
    const invite = lastTeamsInvite();
    expect(invite.uri).toMatch(
      new RegExp(`^sip:\\${TEAMS_USER}@sip\\.pstnhub\\.microsoft\\.com:\\d+;user=phone$`),
    );
    expect(invite.text).not.toMatch(/^(Replaces|Refer-To):/im);
    expectTeamsMedia(invite.body);
    expectTeamsMedia(caller.sendsTo);
    expect(aliceSendsTo, 'alice was moved onto the mixer').not.toBe('');
    const expertLeg = lastTeamsLeg();

    const tones = [CALLER_HZ, ALICE_HZ, EXPERT_HZ];
    const marks = [teamsMedia.received.length, agentMedia.received.length, expertMedia.received.length];
    await Promise.all([
      teamsMedia.sendTone(mediaAddressOf(caller.sendsTo), 50, { toneHz: CALLER_HZ }),
      agentMedia.sendTone(mediaAddressOf(aliceSendsTo), 50, { toneHz: ALICE_HZ, ssrc: 0x44440001 }),
      expertMedia.sendTone(mediaAddressOf(invite.body), 50, { toneHz: EXPERT_HZ, ssrc: 0x55550001 }),
    ]);
    await settle();
    const heard = {
      caller: levels(teamsMedia.received, marks[0]!, tones),
      alice: levels(agentMedia.received, marks[1]!, tones),
      expert: levels(expertMedia.received, marks[2]!, tones),
    };
    const why = JSON.stringify(heard);
    expect(heard.caller[0], why).toBeLessThan(QUIET);
    expect(heard.caller[1], why).toBeGreaterThan(LOUD);
    expect(heard.caller[2], why).toBeGreaterThan(LOUD);
    expect(heard.alice[0], why).toBeGreaterThan(LOUD);
    expect(heard.alice[1], why).toBeLessThan(QUIET);
    expect(heard.alice[2], why).toBeGreaterThan(LOUD);
    expect(heard.expert[0], why).toBeGreaterThan(LOUD);
    expect(heard.expert[1], why).toBeGreaterThan(LOUD);
    expect(heard.expert[2], why).toBeLessThan(QUIET);
    expect(teamsMedia.authFailures + expertMedia.authFailures).toBe(0);

    // alice drops: the call goes on between the caller and the expert.
    await aliceCall.bye();
    await aliceLeft;
    await settle();
    expect(call.state).toBe('answered');
    const after = [teamsMedia.received.length, expertMedia.received.length];
    await Promise.all([
      teamsMedia.sendTone(mediaAddressOf(caller.sendsTo), 40, { toneHz: CALLER_HZ }),
      expertMedia.sendTone(mediaAddressOf(invite.body), 40, { toneHz: EXPERT_HZ, ssrc: 0x55550001 }),
    ]);
    await settle();
    const [callerHearsExpert] = levels(teamsMedia.received, after[0]!, [EXPERT_HZ]);
    const [expertHearsCaller] = levels(expertMedia.received, after[1]!, [CALLER_HZ]);
    expect(callerHearsExpert, 'the caller hears the expert').toBeGreaterThan(LOUD);
    expect(expertHearsCaller, 'the expert hears the caller').toBeGreaterThan(LOUD);

    // The caller hangs up: the expert's leg gets a BYE, nothing is left in rtpengine (the harness checks).
    expect((await callerLeg.bye()).status).toBe(200);
    await expect(expertLeg.ended).resolves.toBe('bye-received');
    await expect.poll(() => lastRecord().status).toBe('completed');
    expect(store.calls.events(lastRecord().id).map((event) => event.kind)).toContain('conference');
  });
});
