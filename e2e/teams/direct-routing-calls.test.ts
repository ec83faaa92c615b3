/**
 * Calls over the Teams Direct Routing trunk with real peers (e2e/support/direct-routing-calls-harness.ts):
 * a Teams user calling into a queue and an agent calling a Teams user, with SRTP audio measured both ways,
 * proxy failover, forks, hold, cancel and hang-up on either side.
 */
import { describe, expect, it } from 'vitest';
import type { IncomingInvite } from '../../server/sip/dialog/incoming-invite.js';
import type { TeamsCallee } from '../support/fake-microsoft/fake-teams-callee.js';
import type { SipText } from '../support/fake-microsoft/fake-teams-calls.js';
import {
  useDirectRoutingCalls,
  PROXY_NAMES,
  CONTOSO,
  QUEUE_NUMBER,
  TEAMS_USER,
  proxies,
  callees,
  phoneAnswers,
  alertsAtAlice,
  srtpPeer,
  rtpPeer,
  teamsCaller,
  expectTwoWayAudio,
  expectTeamsMedia,
  lastRecord,
  teamsCallAnsweredByAlice,
  aliceDials,
  srtpAnswerOf,
} from '../support/direct-routing-calls-harness.js';

useDirectRoutingCalls();

describe('a Teams user calls the contact center over Direct Routing', () => {
  it('reaches the queue, is shown by Teams identity, talks both ways over SRTP, and the agent hangs up', async () => {
    const { leg, outcome, teamsMedia, agentMedia, toTeams, offered } = await teamsCallAnsweredByAlice();
    // The answer is shaped for Teams: FQDN Contact, X-MS-SBC, SDES-SRTP with rtcp-mux.
    expect(outcome.final.header('Contact')).toMatch(
      new RegExp(`^<sip:${CONTOSO.replace(/\./g, '\\.')}:\\d+;transport=tls>$`),
    );
    expect(outcome.final.header('X-MS-SBC')).toBe('Tandem/ContactCenter/0.1.0');
    expect(outcome.final.header('Allow')).toMatch(/\bREFER\b/);
    expectTeamsMedia(toTeams);
    // The agent sees the Teams user's name and number; its phone is offered plain RTP.
    expect(offered.request.from.displayName).toBe('Megan Bowen');
    expect(offered.request.headers.get('from')).toContain('+14255550123');
    expect(offered.request.bodyText).toMatch(/^m=audio \d+ RTP\/AVP /m);
    await expectTwoWayAudio(teamsMedia, toTeams, agentMedia, offered.request.bodyText);

    await offered.dialog!.bye();
    await expect(leg.ended).resolves.toBe('bye-received');
    const bye = leg.received.find((request) => request.method === 'BYE')!;
    expect(bye.header('X-MS-SBC')).toBe('Tandem/ContactCenter/0.1.0');
    await expect.poll(() => lastRecord().status).toBe('completed');
    expect(lastRecord()).toMatchObject({
      direction: 'inbound',
      fromNumber: '+14255550123',
      toNumber: QUEUE_NUMBER,
    });
    expect(lastRecord().agentId).not.toBeNull();
    expect(lastRecord().endReason).toBe('callee-hangup');
  });

  it('ends when the Teams user hangs up, with the record written', async () => {
    // No name in From this time: the agent is shown the one in P-Asserted-Identity.
    const { leg, teamsMedia, agentMedia, toTeams, offered } = await teamsCallAnsweredByAlice('');
    expect(offered.request.from.displayName).toBe('Megan Bowen');
    await expectTwoWayAudio(teamsMedia, toTeams, agentMedia, offered.request.bodyText);
    const ended = new Promise<void>((resolve) => (offered.dialog!.delegate.onTerminated = () => resolve()));
    expect((await leg.bye()).status).toBe(200);
    await ended;
    await expect.poll(() => lastRecord().status).toBe('completed');
    expect(lastRecord().endReason).toBe('caller-hangup');
  });

  it('hangs up while it rings: Tandem answers 487, stops ringing the agent, and records the cancel', async () => {
    let ringing: IncomingInvite | undefined;
    phoneAnswers.next = (invite) => {
      ringing = invite;
      invite.progress(180);
    };
    const caller = await teamsCaller();
    const outcome = await caller.call({
      number: QUEUE_NUMBER,
      from: { number: '+14255550123', displayName: 'Megan Bowen' },
      sdp: (await srtpPeer()).sdp(),
      cancelOnRinging: true,
    });
    expect(outcome.provisional.map((response) => response.status)).toContain(180);
    expect(outcome.final.status).toBe(487);
    await expect.poll(() => ringing?.state).toBe('cancelled');
    await expect.poll(() => lastRecord().endReason).toBe('caller-cancelled');
  });

  it('is refused with 404 when it dials a number Tandem does not have', async () => {
    const caller = await teamsCaller();
    const outcome = await caller.call({
      number: '+15550000',
      from: { number: '+14255550123', displayName: 'Megan Bowen' },
      sdp: (await srtpPeer()).sdp(),
    });
    expect(outcome.final.status).toBe(404);
    expect(outcome.final.header('X-MS-SBC')).toBe('Tandem/ContactCenter/0.1.0');
  });
});

describe('Tandem calls a Teams user over Direct Routing', () => {
  it('fails over from a 503 to the next proxy, rings forks, takes the first answer, and sends hold as a=inactive', async () => {
    const teamsMedia = await srtpPeer();
    const agentMedia = await rtpPeer();
    const [first, second] = callees as [TeamsCallee, TeamsCallee];
    first.script = () => ({ kind: 'refuse', status: 503, headers: ['Retry-After: 30'] });
    second.script = () => ({
      kind: 'answer',
      forks: ['fork-a', 'fork-b'],
      answerFrom: 'fork-b',
      lateAnswerFrom: 'fork-a',
      // Teams answers with the offer's crypto tag (RFC 4568), its own key.
      sdp: srtpAnswerOf(teamsMedia),
    });
    const invitesBefore = [first.invites.length, second.invites.length];
    const outcome = await aliceDials(TEAMS_USER, agentMedia);
    expect(outcome.kind).toBe('answered');
    if (outcome.kind !== 'answered') return;
    expect(first.invites.length - invitesBefore[0]!).toBe(1);
    // The forks' 180s reach alice as ringback (her phone plays it); the first answer wins, and the fork
    // that answered after it is ACKed and ended with a BYE.
    expect(alertsAtAlice).toContain(180);
    await expect(second.lateLegs.at(-1)!.ended).resolves.toBe('bye-received');
    const invite = second.invites.at(-1)!;
    // The INVITE as Microsoft requires it.
    expect(invite.uri).toBe(`sip:${TEAMS_USER}@${PROXY_NAMES[1]}:${proxies[1]!.port};user=phone`);
    expect(invite.header('From')).toMatch(/^"Alice Agent" <sip:\+\d+@sbc\.contoso\.test;user=phone>;tag=/);
    expect(invite.header('Contact')).toMatch(/^<sip:sbc\.contoso\.test:\d+;transport=tls>$/);
    expect(invite.header('X-MS-SBC')).toBe('Tandem/ContactCenter/0.1.0');
    expect(invite.header('Allow')).toMatch(/\bREFER\b/);
    expect(invite.header('Content-Type')).toBe('application/sdp');
    expectTeamsMedia(invite.body);
    teamsMedia.useRemoteCrypto(invite.body);
    await expectTwoWayAudio(teamsMedia, invite.body, agentMedia, outcome.response.bodyText);

    // Hold from the agent reaches Teams as a=inactive, never sendonly.
    const leg = second.legs.at(-1)!;
    const hold = await outcome.dialog.reinvite({ body: agentMedia.sdp('sendonly') });
    expect(hold.status).toBe(200);
    await expect.poll(() => leg.received.filter((request) => request.method === 'INVITE').length).toBe(1);
    const reinvite = leg.received.find((request: SipText) => request.method === 'INVITE')!;
    expect(reinvite.body).toMatch(/^a=inactive\r?$/m);
    expectTeamsMedia(reinvite.body);

    await outcome.dialog.bye();
    await expect(leg.ended).resolves.toBe('bye-received');
  });

  it('cancels a Teams user who does not answer within the ring time', async () => {
    const agentMedia = await rtpPeer();
    for (const callee of callees) callee.script = () => ({ kind: 'ring' });
    const before = callees.map((callee) => callee.invites.length);
    const outcome = await aliceDials(TEAMS_USER, agentMedia);
    expect(outcome.kind).toBe('failed');
    const invited = callees.filter((callee, index) => callee.invites.length > before[index]!);
    expect(invited).toHaveLength(1);
    const [callee] = invited as [TeamsCallee];
    await expect.poll(() => callee.cancels.length).toBe(1);
    expect(callee.cancels[0]!.header('Call-ID')).toBe(callee.invites.at(-1)!.header('Call-ID'));
    expect(callee.cancels[0]!.header('X-MS-SBC')).toBe('Tandem/ContactCenter/0.1.0');
  });

  it('stops at a 603: no other proxy is tried', async () => {
    const agentMedia = await rtpPeer();
    for (const callee of callees) callee.script = () => ({ kind: 'refuse', status: 603 });
    const before = callees.map((callee) => callee.invites.length);
    const outcome = await aliceDials(TEAMS_USER, agentMedia);
    expect(outcome.kind).toBe('failed');
    const tried = callees.map((callee, index) => callee.invites.length - before[index]!);
    expect(tried.reduce((sum, count) => sum + count, 0)).toBe(1);
  });
});
