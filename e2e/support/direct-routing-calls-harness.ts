/**
 * Real peers for the Direct Routing call tests, on 127.0.0.1: Microsoft's three proxies as scripted TLS
 * peers (test CA, names resolved to 127.0.0.1 by the trunk's resolver) each with a Teams user behind it,
 * the Direct Routing trunk and the calls component as app.ts wires them (direct-routing-calls.ts), the
 * real rtpengine, and alice's phone (a SIP stack of its own) with RTP peers; the Teams side's media is
 * an SDES-SRTP peer that decrypts and authenticates what it hears.
 *
 *   useDirectRoutingCalls(); // in the test file: the vitest hooks
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { CallsService } from '../../server/calls/calls-service.js';
import { takeTeamsCalls, teamsTrunkLink } from '../../server/direct-routing-calls.js';
import { createRootLogger } from '../../server/shared/logger.js';
import { startTestMediaPlane } from '../../server/sfu/testing/media-plane.fixture.js';
import { mediaAddressOf, RtpPeer } from '../../server/sfu/testing/rtp-peer.fixture.js';
import { SrtpPeer, toneShare } from '../../server/sfu/testing/srtp-peer.fixture.js';
import type { IncomingInvite } from '../../server/sip/dialog/incoming-invite.js';
import type { SipStack } from '../../server/sip/sip-stack.js';
import { portOf, startTestStack } from '../../server/sip/sip-stack.fixture.js';
import { seedDemoTenant } from '../../server/store/seed-demo-tenant.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { DirectRoutingTrunk } from '../../server/trunks/direct-routing/direct-routing-trunk.js';
import { PROXY_NAMES, startFakeProxies, trunkTowardFakeProxies } from './direct-routing-trunk.js';
import { TeamsCallee } from './fake-microsoft/fake-teams-callee.js';
import type { SipText, TeamsCallLeg } from './fake-microsoft/fake-teams-calls.js';
import { TeamsCaller } from './fake-microsoft/fake-teams-caller.js';
import type { FakeTeamsSipProxy } from './fake-microsoft/fake-teams-sip-proxy.js';
import {
  makeNamedCertificateAuthority,
  type NamedCertificate,
  type NamedCertificateAuthority,
} from './fake-microsoft/named-test-certificates.js';

export { PROXY_NAMES };
export const CONTOSO = 'sbc.contoso.test';
export const QUEUE_NUMBER = '+15550199';
export const TEAMS_USER = '+14255550100';
/** teams.directRouting.teamsNumbers: a prefix of the Teams users' numbers, TEAMS_USER's among them. */
const TEAMS_NUMBERS = ['+1425555'];
const logger = createRootLogger({ level: (process.env.TANDEM_TEST_LOG as 'debug') ?? 'silent' });

let ca: NamedCertificateAuthority;
export let proxyCertificate: NamedCertificate;
export let proxies: FakeTeamsSipProxy[];
export let callees: TeamsCallee[];
export let trunk: DirectRoutingTrunk;
export let store: SqliteStore;
export let media: Awaited<ReturnType<typeof startTestMediaPlane>>;
export let tandem: SipStack;
export let phone: SipStack;
export let calls: CallsService;
/** What alice's phone does with the next INVITE (tests set `phoneAnswers.next`). */
export const phoneAnswers: { next: (invite: IncomingInvite) => void } = {
  next: (invite) => invite.reject(480),
};
const closing: { close(): void }[] = [];

/** Registers the suite's hooks: peers start once, every test ends with no call left in rtpengine. */
export function useDirectRoutingCalls(): void {
  beforeAll(async () => {
    ca = await makeNamedCertificateAuthority();
    proxyCertificate = await ca.issue('pstnhub', PROXY_NAMES);
    const tenant = { fqdn: CONTOSO, ...(await ca.issue(CONTOSO, [CONTOSO])) };
    proxies = await startFakeProxies(proxyCertificate, ca.caFile);
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
    phone.core.onInvite((invite) => phoneAnswers.next(invite), ['INFO']);

    trunk = trunkTowardFakeProxies(
      proxies,
      { tenants: [tenant], caFile: ca.caFile, optionsIntervalSeconds: 3600, teamsNumbers: TEAMS_NUMBERS },
      logger,
    );
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
      teams: teamsTrunkLink(trunk, TEAMS_NUMBERS),
    });
    await calls.start();
    takeTeamsCalls(trunk, () => calls);
    registerAlice();
  }, 60_000);

  afterEach(async () => {
    phoneAnswers.next = (invite) => invite.reject(480);
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
}

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

export async function srtpPeer(): Promise<SrtpPeer> {
  const peer = await SrtpPeer.open();
  closing.push(peer);
  return peer;
}

export async function rtpPeer(): Promise<RtpPeer> {
  const peer = await RtpPeer.open();
  closing.push(peer);
  return peer;
}

export async function teamsCaller(): Promise<TeamsCaller> {
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
export async function expectTwoWayAudio(teams: SrtpPeer, toTeams: string, agent: RtpPeer, toAgent: string) {
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
export function expectTeamsMedia(sdp: string): void {
  expect(sdp).toMatch(/^m=audio \d+ RTP\/SAVP( (0|8|9|\d{2,3}))+\r?$/m);
  expect(sdp.match(/^a=crypto:.*$/gm)).toHaveLength(1);
  expect(sdp).toMatch(/^a=crypto:\d+ AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/=]+\|2\^31\r?$/m);
  expect(sdp).toMatch(/^a=rtcp-mux\r?$/m);
  expect(sdp).not.toMatch(/^a=(sendonly|recvonly)\r?$/m);
}

export function lastRecord() {
  const [record] = store.calls.changedSince(0, 1_000).slice(-1);
  if (!record) throw new Error('no call record');
  return record;
}

/** A Teams user calls the queue; alice answers on her phone. */
export async function teamsCallAnsweredByAlice(displayNameInFrom = 'Megan Bowen') {
  const teamsMedia = await srtpPeer();
  const agentMedia = await rtpPeer();
  let offered: IncomingInvite | undefined;
  phoneAnswers.next = (invite) => {
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

/** A Teams user's answer with `peer`'s SRTP: the offer's crypto tag (RFC 4568), its own key. */
export function srtpAnswerOf(peer: SrtpPeer): (offer: SipText) => string {
  return (offer) => {
    peer.useRemoteCrypto(offer.body);
    return peer.sdp();
  };
}

/** Each of `among` (by default every Teams user, behind any proxy) answers as the expert, with `peer`. */
export function expertAnswersWith(peer: SrtpPeer, among: readonly TeamsCallee[] = callees): void {
  for (const callee of among) {
    callee.script = () => ({ kind: 'answer', forks: [], answerFrom: 'expert', sdp: srtpAnswerOf(peer) });
  }
}

/**
 * The Teams side of `leg` answers every re-INVITE with `peer`'s SRTP, following the offer's direction
 * (hold arrives as a=inactive); `sendsTo` is the SDP it sends to, the latest offer's once one came.
 */
export function followReinvites(leg: TeamsCallLeg, peer: SrtpPeer, sendsTo: string): { sendsTo: string } {
  const media = { sendsTo };
  leg.onReinvite = (offer) => {
    media.sendsTo = offer.body;
    peer.useRemoteCrypto(offer.body);
    return peer.sdp(/^a=inactive/m.test(offer.body) ? 'inactive' : 'sendrecv');
  };
  return media;
}

/** The INVITE that reached a Teams user last, whichever proxy it came through. */
export function lastTeamsInvite(): SipText {
  return latest(
    callees.flatMap((callee) =>
      callee.invites.map((invite, index) => ({ item: invite, at: callee.inviteArrivals[index]! })),
    ),
  );
}

/** The call a Teams user answered last, whichever proxy it came through. */
export function lastTeamsLeg(): TeamsCallLeg {
  return latest(
    callees.flatMap((callee) =>
      callee.legs.map((leg, index) => ({ item: leg, at: callee.legArrivals[index]! })),
    ),
  );
}

function latest<T>(entries: { item: T; at: number }[]): T {
  const last = entries.sort((a, b) => a.at - b.at).at(-1);
  if (!last) throw new Error('no Teams user was called');
  return last.item;
}

/** Provisional statuses alice's phone got for its last call (her ringback). */
export let alertsAtAlice: number[] = [];

/** alice dials `number` from her phone; resolves with the outcome at her phone. */
export async function aliceDials(number: string, agentMedia: RtpPeer) {
  const invite = phone.dialogs.invite({
    uri: `sip:${number}@127.0.0.1:${portOf(tandem, 'udp')}`,
    from: '"Alice Agent" <sip:alice@tandem.local>',
    to: `<sip:${number}@tandem.local>`,
    body: agentMedia.sdp(),
  });
  alertsAtAlice = [];
  invite.delegate.onProgress = (response) => alertsAtAlice.push(response.status);
  return invite.outcome;
}
