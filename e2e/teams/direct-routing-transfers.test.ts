/**
 * Transfers over the Teams Direct Routing trunk with real peers (e2e/support/direct-routing-calls-harness.ts):
 * blind and consultative transfer from an agent to a Teams user, and a REFER from Teams, with SRTP audio
 * measured between the parties that end up together.
 */
import { describe, expect, it } from 'vitest';
import { mediaAddressOf } from '../../server/sfu/testing/rtp-peer.fixture.js';
import { toneShare, type SrtpPeer } from '../../server/sfu/testing/srtp-peer.fixture.js';
import type { BridgedCall } from '../../server/calls/bridged-call.js';
import {
  useDirectRoutingCalls,
  PROXY_NAMES,
  TEAMS_USER,
  callees,
  store,
  calls,
  srtpPeer,
  rtpPeer,
  expectTwoWayAudio,
  expectTeamsMedia,
  lastRecord,
  teamsCallAnsweredByAlice,
  aliceDials,
  lastTeamsInvite,
  lastTeamsLeg,
  expertAnswersWith,
  followReinvites,
  srtpAnswerOf,
} from '../support/direct-routing-calls-harness.js';

useDirectRoutingCalls();

/** The Teams caller (440 Hz) and the Teams expert (1000 Hz) each send where told; each hears the other. */
async function expectCallerAndExpertTalk(
  caller: SrtpPeer,
  callerSendsTo: string,
  expert: SrtpPeer,
  expertSendsTo: string,
): Promise<void> {
  const [heardByExpert, heardByCaller] = [expert.received.length, caller.received.length];
  await Promise.all([
    caller.sendTone(mediaAddressOf(callerSendsTo), 25, { toneHz: 440 }),
    expert.sendTone(mediaAddressOf(expertSendsTo), 25, { toneHz: 1000 }),
  ]);
  await expert.waitForPackets(heardByExpert + 20);
  await caller.waitForPackets(heardByCaller + 20);
  expect(
    toneShare(
      expert.received.slice(heardByExpert).map((packet) => packet.payload),
      440,
    ),
  ).toBeGreaterThan(0.8);
  expect(
    toneShare(
      caller.received.slice(heardByCaller).map((packet) => packet.payload),
      1000,
    ),
  ).toBeGreaterThan(0.8);
}

describe('an agent transfers to a Teams user over Direct Routing', () => {
  it('blind: the Teams caller is moved to the Teams expert, shown by the caller identity, with audio both ways', async () => {
    const { leg, teamsMedia, toTeams, offered } = await teamsCallAnsweredByAlice();
    const expertMedia = await srtpPeer();
    const agentEnded = new Promise<void>(
      (resolve) => (offered.dialog!.delegate.onTerminated = () => resolve()),
    );
    callees[0]!.script = () => ({ kind: 'refuse', status: 503 });
    expertAnswersWith(expertMedia, callees.slice(1));
    const call = calls.active[0] as BridgedCall;
    // What POST /api/calls/transfer and a REFER from the agent both run.
    expect(await call.transferTo(TEAMS_USER)).toBe(200);
    await agentEnded;
    const invite = lastTeamsInvite();
    expect(invite.uri).toMatch(
      new RegExp(`^sip:\\${TEAMS_USER}@sip[23]\\.pstnhub\\.microsoft\\.com:\\d+;user=phone$`),
    );
    expect(invite.header('From')).toMatch(/^"Megan Bowen" <sip:\+14255550123@sbc\.contoso\.test;user=phone>/);
    expect(invite.text).not.toMatch(/^(Replaces|Refer-To):/im);
    expectTeamsMedia(invite.body);

    // The caller keeps sending where it always did; the expert hears it, and the caller hears the expert.
    await expectCallerAndExpertTalk(teamsMedia, toTeams, expertMedia, invite.body);
    expect(expertMedia.authFailures + teamsMedia.authFailures).toBe(0);

    expect((await leg.bye()).status).toBe(200);
    await expect(lastTeamsLeg().ended).resolves.toBe('bye-received');
    await expect.poll(() => lastRecord().status).toBe('completed');
    expect(store.calls.events(lastRecord().id).map((event) => event.kind)).toContain('transferred');
  });
});

describe('a Teams user transfers the call (REFER from Teams)', () => {
  it('Tandem places the new call back to Teams with x-m / x-t kept, NOTIFYs, and ends the old leg', async () => {
    const expertMedia = await srtpPeer();
    const colleagueMedia = await srtpPeer();
    const agentMedia = await rtpPeer();
    for (const callee of callees) {
      callee.script = (invite) =>
        invite.uri.includes('+16175550111')
          ? { kind: 'answer', forks: [], answerFrom: 'colleague', sdp: srtpAnswerOf(colleagueMedia) }
          : { kind: 'answer', forks: [], answerFrom: 'expert', sdp: srtpAnswerOf(expertMedia) };
    }
    const outcome = await aliceDials(TEAMS_USER, agentMedia);
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    const expertLeg = lastTeamsLeg();

    // The expert transfers to a colleague's number, one Tandem does not know as a Teams user.
    const referTo = `<sip:+16175550111@${PROXY_NAMES[0]}:5061;user=phone;x-m=eyJ0cmFuc2Zlcg;x-t=contoso-tenant>`;
    const accepted = await expertLeg.request('REFER', [
      `Refer-To: ${referTo}`,
      `Referred-By: <sip:${TEAMS_USER}@${PROXY_NAMES[0]};user=phone>`,
    ]);
    expect(accepted.status).toBe(202);
    await expect(expertLeg.ended).resolves.toBe('bye-received');

    const invite = lastTeamsInvite();
    expect(invite.uri).toMatch(
      /^sip:\+16175550111@sip\d?\.pstnhub\.microsoft\.com:\d+;user=phone;x-m=eyJ0cmFuc2Zlcg;x-t=contoso-tenant$/,
    );
    expect(invite.text).not.toMatch(/^Replaces:/im);
    const notifies = expertLeg.received.filter((request) => request.method === 'NOTIFY');
    expect(notifies.map((notify) => notify.body.split('\r\n')[0])).toEqual([
      'SIP/2.0 100 Trying',
      'SIP/2.0 200 OK',
    ]);
    expect(notifies.at(-1)!.header('Subscription-State')).toMatch(/^terminated/);

    // The agent now talks with the colleague, both ways.
    await expectTwoWayAudio(colleagueMedia, invite.body, agentMedia, outcome.response.bodyText);
    await outcome.dialog.bye();
    await expect(lastTeamsLeg().ended).resolves.toBe('bye-received');
  });
});

describe('an agent consults a Teams user, then completes the transfer', () => {
  it('the Teams caller and the Teams expert talk, the agent is gone, and no Replaces ever reaches Teams', async () => {
    const { leg: callerLeg, teamsMedia, toTeams, offered, agentMedia } = await teamsCallAnsweredByAlice();
    // The Teams caller's side answers re-INVITEs with its own SDP, following the offer's direction.
    const caller = followReinvites(callerLeg, teamsMedia, toTeams);
    const aliceCall = offered.dialog!;
    const aliceCallEnded = new Promise<void>(
      (resolve) => (aliceCall.delegate.onTerminated = () => resolve()),
    );
    const hold = await aliceCall.reinvite({ body: agentMedia.sdp('sendonly') });
    expect(hold.status).toBe(200);
    const holdOffer = callerLeg.received.find((request) => request.method === 'INVITE');
    expect(holdOffer?.body).toMatch(/^a=inactive\r?$/m);

    const expertMedia = await srtpPeer();
    expertAnswersWith(expertMedia);
    const consultMedia = await rtpPeer();
    const consult = await aliceDials(TEAMS_USER, consultMedia);
    if (consult.kind !== 'answered') throw new Error(`consult not answered: ${consult.response.status}`);
    const expertLeg = lastTeamsLeg();
    const expert = followReinvites(expertLeg, expertMedia, lastTeamsInvite().body);
    const consultEnded = new Promise<void>(
      (resolve) => (consult.dialog.delegate.onTerminated = () => resolve()),
    );

    // alice completes as SIP.js's session.refer(consult) does: Refer-To with the consult dialog in Replaces.
    const { callId, localTag, remoteTag } = consult.dialog.id;
    const replaces = encodeURIComponent(`${callId};to-tag=${remoteTag};from-tag=${localTag}`);
    const refer = await aliceCall.request('REFER', {
      headers: [['Refer-To', `<sip:tandem@127.0.0.1;transport=udp?Replaces=${replaces}>`]],
    });
    expect(refer.status).toBe(202);
    await aliceCallEnded;
    await consultEnded;

    await expectCallerAndExpertTalk(teamsMedia, caller.sendsTo, expertMedia, expert.sendsTo);
    // Teams rejects Replaces from the SBC: nothing Tandem sent either Teams user named it.
    for (const request of [
      ...callerLeg.received,
      ...expertLeg.received,
      ...callees.flatMap((c) => c.invites),
    ]) {
      expect(request.text).not.toMatch(/^Replaces:|Replaces=/im);
    }
    for (const request of [...callerLeg.received, ...expertLeg.received]) {
      if (request.body) expectTeamsMedia(request.body);
    }

    expect((await callerLeg.bye()).status).toBe(200);
    await expect(expertLeg.ended).resolves.toBe('bye-received');
  });
});
