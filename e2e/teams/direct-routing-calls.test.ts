/**
 * Calls over the Teams Direct Routing trunk with real peers on 127.0.0.1: Microsoft's proxies are
 * scripted TLS peers (test CA, names resolved to 127.0.0.1 by the trunk's resolver), the Teams user's
 * media is an SDES-SRTP peer that decrypts and authenticates what it hears, the media plane is the
 * real rtpengine, and the agent is a SIP phone (a SIP stack of its own) with an RTP peer.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BridgedCall } from '../../server/calls/bridged-call.js';
import { CallsService } from '../../server/calls/calls-service.js';
import { takeTeamsCalls, teamsTrunkLink } from '../../server/direct-routing-calls.js';
import { directRoutingSchema } from '../../server/shared/config/direct-routing-config-schema.js';
import { createRootLogger } from '../../server/shared/logger.js';
import { startTestMediaPlane } from '../../server/sfu/testing/media-plane.fixture.js';
import { mediaAddressOf, RtpPeer } from '../../server/sfu/testing/rtp-peer.fixture.js';
import { SrtpPeer, toneShare } from '../../server/sfu/testing/srtp-peer.fixture.js';
import type { IncomingInvite } from '../../server/sip/dialog/incoming-invite.js';
import type { SipStack } from '../../server/sip/sip-stack.js';
import { portOf, startTestStack } from '../../server/sip/sip-stack.fixture.js';
import { seedDemoTenant } from '../../server/store/seed-demo-tenant.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { DirectRoutingTrunk } from '../../server/trunks/direct-routing/direct-routing-trunk.js';
import { TeamsCallee, TeamsCaller, type SipText } from '../support/fake-microsoft/fake-teams-calls.js';
import { FakeTeamsSipProxy } from '../support/fake-microsoft/fake-teams-sip-proxy.js';
import {
  makeNamedCertificateAuthority,
  type NamedCertificate,
  type NamedCertificateAuthority,
} from '../support/fake-microsoft/named-test-certificates.js';

const PROXY_NAMES = ['sip.pstnhub.microsoft.com', 'sip2.pstnhub.microsoft.com', 'sip3.pstnhub.microsoft.com'];
const CONTOSO = 'sbc.contoso.test';
const QUEUE_NUMBER = '+15550199';
const TEAMS_USER = '+14255550100';
const logger = createRootLogger({ level: (process.env.TANDEM_TEST_LOG as 'debug') ?? 'silent' });

let ca: NamedCertificateAuthority;
let proxyCertificate: NamedCertificate;
let proxies: FakeTeamsSipProxy[];
let callees: TeamsCallee[];
let trunk: DirectRoutingTrunk;
let store: SqliteStore;
let media: Awaited<ReturnType<typeof startTestMediaPlane>>;
let tandem: SipStack;
let phone: SipStack;
let calls: CallsService;
let answerOnPhone: (invite: IncomingInvite) => void = (invite) => invite.reject(480);
const closing: { close(): void }[] = [];

beforeAll(async () => {
  ca = await makeNamedCertificateAuthority();
  proxyCertificate = await ca.issue('pstnhub', PROXY_NAMES);
  const tenant = { fqdn: CONTOSO, ...(await ca.issue(CONTOSO, [CONTOSO])) };
  proxies = PROXY_NAMES.map((name) => new FakeTeamsSipProxy(name, proxyCertificate, ca.caFile));
  for (const proxy of proxies) await proxy.start();
  callees = proxies.map((proxy) => new TeamsCallee(proxy));

  store = SqliteStore.open(join(mkdtempSync(join(tmpdir(), 'tandem-dr-calls-')), 'tandem.db'));
  seedDemoTenant(store, 'tandem');
  const tenantId = store.tenants.list()[0]!.id;
  store.numbers.upsert({
    e164: QUEUE_NUMBER,
    tenantId,
    label: 'Sales',
    target: { kind: 'queue', name: 'sales' },
  });
  media = await startTestMediaPlane();
  tandem = await startTestStack({ protocols: ['udp'] });
  phone = await startTestStack({ protocols: ['udp'] });
  phone.core.onInvite((invite) => answerOnPhone(invite), ['INFO']);

  const config = directRoutingSchema.parse({
    enabled: true,
    listen: { host: '127.0.0.1', port: 5067 },
    tenants: [tenant],
    caFile: ca.caFile,
    proxies: proxies.map((proxy) => `${proxy.name}:${proxy.port}`),
    optionsIntervalSeconds: 3600,
    teamsNumbers: ['+1425555'],
  });
  config.listen.port = 0;
  trunk = new DirectRoutingTrunk({
    config,
    version: '0.1.0',
    logger,
    resolve: async (name) => {
      if (!PROXY_NAMES.includes(name)) throw new Error(`unexpected name lookup: ${name}`);
      return '127.0.0.1';
    },
    timers: { T1: 50, T2: 400, T4: 500 },
  });
  await trunk.start();
  calls = new CallsService({
    sip: tandem,
    media: media.plane,
    store,
    logger,
    ringTimeoutMs: 3_000,
    routing: { stateAfterLogin: 'Available', wrapUpMs: 0 },
    maxQueueWaitMs: 5_000,
    domain: 'tandem.local',
    teams: teamsTrunkLink(trunk, config.teamsNumbers),
  });
  await calls.start();
  takeTeamsCalls(trunk, () => calls);
  registerAlice();
}, 60_000);

afterEach(async () => {
  answerOnPhone = (invite) => invite.reject(480);
  for (const callee of callees) callee.script = () => ({ kind: 'refuse', status: 480 });
  for (const item of closing.splice(0)) item.close();
  await expect
    .poll(() => media.plane.remoteCalls().then((all) => all.flatMap((instance) => instance.calls)))
    .toEqual([]);
});

afterAll(async () => {
  await calls?.stop();
  await trunk?.stop();
  await Promise.all([tandem?.stop(), phone?.stop(), ...(proxies ?? []).map((proxy) => proxy.stop())]);
  await media?.plane.stop();
  store?.close();
  await ca?.dispose();
});

/** alice's phone is registered over UDP (the registrar is tested with real clients elsewhere). */
function registerAlice(): void {
  const port = portOf(phone, 'udp');
  tandem.location.replace('alice', [
    {
      aor: 'alice',
      contact: `sip:alice@127.0.0.1:${port}`,
      callId: 'reg-alice',
      cseq: 1,
      expiresAt: Date.now() + 3_600_000,
      registeredAt: Date.now(),
      flow: {
        id: `udp:127.0.0.1:${portOf(tandem, 'udp')}>127.0.0.1:${port}`,
        protocol: 'udp',
        local: { host: '127.0.0.1', port: portOf(tandem, 'udp') },
        remote: { host: '127.0.0.1', port },
        reliable: false,
      },
    },
  ]);
}

async function srtpPeer(): Promise<SrtpPeer> {
  const peer = await SrtpPeer.open();
  closing.push(peer);
  return peer;
}

async function rtpPeer(): Promise<RtpPeer> {
  const peer = await RtpPeer.open();
  closing.push(peer);
  return peer;
}

async function teamsCaller(): Promise<TeamsCaller> {
  const caller = await TeamsCaller.connect({
    sbc: { host: '127.0.0.1', port: trunk.listening.port },
    tenant: CONTOSO,
    proxyName: PROXY_NAMES[0]!,
    certificate: proxyCertificate,
    caFile: ca.caFile,
  });
  closing.push(caller);
  return caller;
}

let phoneStream = 0x33330000;

/** Both send half a second of tone; each hears the other's, the Teams side after SRTP decryption. */
async function expectTwoWayAudio(teams: SrtpPeer, toTeams: string, agent: RtpPeer, toAgent: string) {
  const [heardByAgent, heardByTeams] = [agent.received.length, teams.received.length];
  phoneStream += 1;
  await Promise.all([
    teams.sendTone(mediaAddressOf(toTeams), 25, { toneHz: 440 }),
    agent.sendTone(mediaAddressOf(toAgent), 25, { toneHz: 1000, ssrc: phoneStream }),
  ]);
  await agent.waitForPackets(heardByAgent + 20);
  await teams.waitForPackets(heardByTeams + 20);
  const atAgent = agent.received.slice(heardByAgent).map((packet) => packet.payload);
  const atTeams = teams.received.slice(heardByTeams).map((packet) => packet.payload);
  expect(toneShare(atAgent, 440)).toBeGreaterThan(0.8);
  expect(toneShare(atTeams, 1000)).toBeGreaterThan(0.8);
  expect(teams.authFailures).toBe(0);
}

/** What Teams requires of every SDP it gets from the SBC (DESIGN.md, Direct Routing media). */
function expectTeamsMedia(sdp: string): void {
  expect(sdp).toMatch(/^m=audio \d+ RTP\/SAVP( (0|8|9|\d{2,3}))+\r?$/m);
  expect(sdp.match(/^a=crypto:.*$/gm)).toHaveLength(1);
  expect(sdp).toMatch(/^a=crypto:\d+ AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/=]+\|2\^31\r?$/m);
  expect(sdp).toMatch(/^a=rtcp-mux\r?$/m);
  expect(sdp).not.toMatch(/^a=(sendonly|recvonly)\r?$/m);
}

function lastRecord() {
  const [record] = store.calls.changedSince(0, 1_000).slice(-1);
  if (!record) throw new Error('no call record');
  return record;
}

/** A Teams user calls the queue; alice answers on her phone. */
async function teamsCallAnsweredByAlice(displayNameInFrom = 'Megan Bowen') {
  const teamsMedia = await srtpPeer();
  const agentMedia = await rtpPeer();
  let offered: IncomingInvite | undefined;
  answerOnPhone = (invite) => {
    offered = invite;
    invite.accept({ body: agentMedia.sdp() });
  };
  const caller = await teamsCaller();
  const outcome = await caller.call({
    number: QUEUE_NUMBER,
    from: { number: '+14255550123', displayName: displayNameInFrom },
    assertedIdentity: '"Megan Bowen" <sip:+14255550123@contoso.com;user=phone>',
    sdp: teamsMedia.sdp(),
  });
  expect(outcome.final.status).toBe(200);
  const toTeams = outcome.final.body;
  teamsMedia.useRemoteCrypto(toTeams);
  return { leg: outcome.leg!, outcome, teamsMedia, agentMedia, toTeams, offered: offered! };
}

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

/** alice dials `number` from her phone; resolves with the outcome at her phone. */
async function aliceDials(number: string, agentMedia: RtpPeer) {
  return phone.dialogs.invite({
    uri: `sip:${number}@127.0.0.1:${portOf(tandem, 'udp')}`,
    from: '"Alice Agent" <sip:alice@tandem.local>',
    to: `<sip:${number}@tandem.local>`,
    body: agentMedia.sdp(),
  }).outcome;
}

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
      sdp: (offer) => {
        teamsMedia.useRemoteCrypto(offer.body);
        return teamsMedia.sdp();
      },
    });
    const invitesBefore = [first.invites.length, second.invites.length];
    const outcome = await aliceDials(TEAMS_USER, agentMedia);
    expect(outcome.kind).toBe('answered');
    if (outcome.kind !== 'answered') return;
    expect(first.invites.length - invitesBefore[0]!).toBe(1);
    // The first answer wins; the fork that answered after it is ACKed and ended with a BYE.
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

describe('an agent transfers to a Teams user over Direct Routing', () => {
  it('blind: the Teams caller is moved to the Teams expert, shown by the caller identity, with audio both ways', async () => {
    const { leg, teamsMedia, toTeams, offered } = await teamsCallAnsweredByAlice();
    const expertMedia = await srtpPeer();
    const agentEnded = new Promise<void>(
      (resolve) => (offered.dialog!.delegate.onTerminated = () => resolve()),
    );
    callees[0]!.script = () => ({ kind: 'refuse', status: 503 });
    for (const callee of callees.slice(1)) {
      callee.script = () => ({
        kind: 'answer',
        forks: [],
        answerFrom: 'expert',
        sdp: (offer) => {
          expertMedia.useRemoteCrypto(offer.body);
          return expertMedia.sdp();
        },
      });
    }
    const call = calls.active[0] as BridgedCall;
    // What POST /api/calls/transfer and a REFER from the agent both run.
    expect(await call.transferTo(TEAMS_USER)).toBe(200);
    await agentEnded;
    const invite = callees.flatMap((callee) => callee.invites).at(-1)!;
    expect(invite.uri).toMatch(
      new RegExp(`^sip:\\${TEAMS_USER}@sip[23]\\.pstnhub\\.microsoft\\.com:\\d+;user=phone$`),
    );
    expect(invite.header('From')).toMatch(/^"Megan Bowen" <sip:\+14255550123@sbc\.contoso\.test;user=phone>/);
    expect(invite.text).not.toMatch(/^(Replaces|Refer-To):/im);
    expectTeamsMedia(invite.body);

    // The caller keeps sending where it always did; the expert hears it, and the caller hears the expert.
    const [heardByExpert, heardByCaller] = [expertMedia.received.length, teamsMedia.received.length];
    await Promise.all([
      teamsMedia.sendTone(mediaAddressOf(toTeams), 25, { toneHz: 440 }),
      expertMedia.sendTone(mediaAddressOf(invite.body), 25, { toneHz: 1000 }),
    ]);
    await expertMedia.waitForPackets(heardByExpert + 20);
    await teamsMedia.waitForPackets(heardByCaller + 20);
    expect(
      toneShare(
        expertMedia.received.slice(heardByExpert).map((packet) => packet.payload),
        440,
      ),
    ).toBeGreaterThan(0.8);
    expect(
      toneShare(
        teamsMedia.received.slice(heardByCaller).map((packet) => packet.payload),
        1000,
      ),
    ).toBeGreaterThan(0.8);
    expect(expertMedia.authFailures + teamsMedia.authFailures).toBe(0);

    expect((await leg.bye()).status).toBe(200);
    await expect(callees.flatMap((callee) => callee.legs).at(-1)!.ended).resolves.toBe('bye-received');
    await expect.poll(() => lastRecord().status).toBe('completed');
    expect(store.calls.events(lastRecord().id).map((event) => event.kind)).toContain('transferred');
  });
});

describe('a Teams user transfers the call (REFER from Teams)', () => {
  it('Tandem places the new call back to Teams with x-m / x-t kept, NOTIFYs, and ends the old leg', async () => {
    const expertMedia = await srtpPeer();
    const colleagueMedia = await srtpPeer();
    const agentMedia = await rtpPeer();
    const answerWith = (peer: SrtpPeer, tag: string) => (offer: SipText) => {
      peer.useRemoteCrypto(offer.body);
      void tag;
      return peer.sdp();
    };
    for (const callee of callees) {
      callee.script = (invite) =>
        invite.uri.includes('+16175550111')
          ? {
              kind: 'answer',
              forks: [],
              answerFrom: 'colleague',
              sdp: answerWith(colleagueMedia, 'colleague'),
            }
          : { kind: 'answer', forks: [], answerFrom: 'expert', sdp: answerWith(expertMedia, 'expert') };
    }
    const outcome = await aliceDials(TEAMS_USER, agentMedia);
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    const expertLeg = callees.flatMap((callee) => callee.legs).at(-1)!;

    // The expert transfers to a colleague's number, one Tandem does not know as a Teams user.
    const referTo = `<sip:+16175550111@${PROXY_NAMES[0]}:5061;user=phone;x-m=eyJ0cmFuc2Zlcg;x-t=contoso-tenant>`;
    const accepted = await expertLeg.request('REFER', [
      `Refer-To: ${referTo}`,
      `Referred-By: <sip:${TEAMS_USER}@${PROXY_NAMES[0]};user=phone>`,
    ]);
    expect(accepted.status).toBe(202);
    await expect(expertLeg.ended).resolves.toBe('bye-received');

    const invite = callees.flatMap((callee) => callee.invites).at(-1)!;
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
    await expect(callees.flatMap((callee) => callee.legs).at(-1)!.ended).resolves.toBe('bye-received');
  });
});

describe('an agent consults a Teams user, then completes the transfer', () => {
  it('the Teams caller and the Teams expert talk, the agent is gone, and no Replaces ever reaches Teams', async () => {
    const { leg: callerLeg, teamsMedia, toTeams, offered, agentMedia } = await teamsCallAnsweredByAlice();
    // The Teams caller's side answers re-INVITEs with its own SDP, following the offer's direction.
    let callerSendsTo = toTeams;
    callerLeg.onReinvite = (offer) => {
      callerSendsTo = offer.body;
      teamsMedia.useRemoteCrypto(offer.body);
      return teamsMedia.sdp(/^a=inactive/m.test(offer.body) ? 'inactive' : 'sendrecv');
    };
    const aliceCall = offered.dialog!;
    const aliceCallEnded = new Promise<void>(
      (resolve) => (aliceCall.delegate.onTerminated = () => resolve()),
    );
    const hold = await aliceCall.reinvite({ body: agentMedia.sdp('sendonly') });
    expect(hold.status).toBe(200);
    const holdOffer = callerLeg.received.find((request) => request.method === 'INVITE');
    expect(holdOffer?.body).toMatch(/^a=inactive\r?$/m);

    const expertMedia = await srtpPeer();
    for (const callee of callees) {
      callee.script = () => ({
        kind: 'answer',
        forks: [],
        answerFrom: 'expert',
        sdp: (offer) => {
          expertMedia.useRemoteCrypto(offer.body);
          return expertMedia.sdp();
        },
      });
    }
    const consultMedia = await rtpPeer();
    const consult = await aliceDials(TEAMS_USER, consultMedia);
    if (consult.kind !== 'answered') throw new Error(`consult not answered: ${consult.response.status}`);
    const expertLeg = callees.flatMap((callee) => callee.legs).at(-1)!;
    let expertSendsTo = callees.flatMap((callee) => callee.invites).at(-1)!.body;
    expertLeg.onReinvite = (offer) => {
      expertSendsTo = offer.body;
      expertMedia.useRemoteCrypto(offer.body);
      return expertMedia.sdp(/^a=inactive/m.test(offer.body) ? 'inactive' : 'sendrecv');
    };
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

    const [heardByExpert, heardByCaller] = [expertMedia.received.length, teamsMedia.received.length];
    await Promise.all([
      teamsMedia.sendTone(mediaAddressOf(callerSendsTo), 25, { toneHz: 440 }),
      expertMedia.sendTone(mediaAddressOf(expertSendsTo), 25, { toneHz: 1000 }),
    ]);
    await expertMedia.waitForPackets(heardByExpert + 20);
    await teamsMedia.waitForPackets(heardByCaller + 20);
    expect(
      toneShare(
        expertMedia.received.slice(heardByExpert).map((packet) => packet.payload),
        440,
      ),
    ).toBeGreaterThan(0.8);
    expect(
      toneShare(
        teamsMedia.received.slice(heardByCaller).map((packet) => packet.payload),
        1000,
      ),
    ).toBeGreaterThan(0.8);
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
