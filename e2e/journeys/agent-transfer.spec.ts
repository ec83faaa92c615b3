/**
 * Blind and attended transfer between two agents in two browser contexts (SIP.js 0.21 in Chromium over WSS),
 * the caller on the demo trunk (a Node SIP stack with an RTP peer that talks a 1 kHz tone and counts what it
 * receives, following Tandem's re-INVITEs):
 *
 * (a) blind: alice transfers the caller to bob by REFER; bob answers and hears the caller, the caller hears
 *     bob's 440 Hz microphone; alice's call ends.
 * (b) attended: alice holds the caller (music), calls bob, they talk, she completes with
 *     `session.refer(consultSession)` (REFER with Replaces); caller and bob hear each other; both of alice's
 *     calls end.
 *
 * In both, the caller's RTP is watched through the transfer and its longest gap reported (and bounded
 * loosely: this is a journey, not a benchmark). No media session may be left in rtpengine at the end.
 */
import type { Browser, BrowserContext } from '@playwright/test';
import { mulawLevel } from '../../server/sfu/testing/rtp-peer.fixture.js';
import { watchArrivals, type ArrivalReport } from '../support/arrival-gaps.js';
import { expect, test, type BrowserAgentFixtures } from '../support/browser-agent/agent-fixtures.node.js';
import type { BrowserAgent } from '../support/browser-agent/browser-agent.node.js';
import type { BrowserCall } from '../support/browser-agent/browser-call.node.js';
import {
  attendedTransfer,
  blindTransfer,
  lastReferTo,
  transferOutcome,
} from '../support/browser-agent/browser-transfer.node.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { decodePcmu, toneShare } from '../support/tone-share.js';
import type { TandemServer } from '../support/tandem-server.js';
import { startTrunkCaller, type TrunkCall, type TrunkCaller } from '../support/trunk-caller.js';

/** Chromium's fake microphone (chromium-switches.node.ts): what the caller hears from an agent. */
const AGENT_TONE_HZ = 440;
/** Loose: a gap this long would be heard as the call dropping. What is measured is reported. */
const AUDIBLE_DROP_MS = 2_000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the caller heard in the next `ms`: voice packets, their level, and the share of an agent's tone. */
async function callerHears(caller: TrunkCall, ms = 1_000) {
  const mark = caller.mark();
  await delay(ms);
  const audio = caller.audioSince(mark);
  return {
    packets: audio.length,
    level: Math.round(mulawLevel(audio.map((packet) => packet.payload))),
    agentToneShare: Number(toneShare(decodePcmu(audio), AGENT_TONE_HZ).toFixed(3)),
  };
}

/** The trunk dials the support number and alice answers it; the caller's tone is heard in her browser. */
async function answeredByAlice(trunk: TrunkCaller, alice: BrowserAgent) {
  const dialling = trunk.dial('+15550101');
  const call = await alice.nextIncomingCall();
  await call.answer();
  const caller = await dialling;
  await call.waitForAudio({ minPackets: 25, minEnergy: 0.0001, timeoutMs: 10_000 });
  return { call, caller };
}

/** Bob in a browser context of his own (another person, another machine). */
async function openBob(browser: Browser, openAgent: BrowserAgentFixtures['openAgent'], tandem: TandemServer) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const bob = await openAgent({ tandem, username: 'bob', transport: 'wss' }, context);
  await bob.registered();
  return { bob, context };
}

async function expectBobAndCallerHearEachOther(bobCall: BrowserCall, caller: TrunkCall) {
  // Bob hears the caller's tone: packets that carry sound, not just packets.
  await bobCall.waitForAudio({ minPackets: 25, minEnergy: 0.0001, timeoutMs: 10_000 });
  // The caller hears bob's microphone: loud G.711, most of it the agents' 440 Hz tone.
  await expect.poll(async () => (await callerHears(caller)).agentToneShare).toBeGreaterThan(0.5);
  const hears = await callerHears(caller);
  expect(hears.packets, JSON.stringify(hears)).toBeGreaterThanOrEqual(40);
  expect(hears.level, JSON.stringify(hears)).toBeGreaterThan(500);
}

function reportGap(name: string, report: ArrivalReport) {
  test.info().annotations.push({
    type: `${name}: caller's RTP during the transfer`,
    description: JSON.stringify(report),
  });
  console.log(`${name}: caller's RTP during the transfer ${JSON.stringify(report)}`);
  expect(report.packets).toBeGreaterThan(0);
  expect(report.longestGapMs, JSON.stringify(report)).toBeLessThan(AUDIBLE_DROP_MS);
}

test.describe('transfer between two agents in two browsers', () => {
  let trunk: TrunkCaller | undefined;
  let bobContext: BrowserContext | undefined;

  test.afterEach(async () => {
    await trunk?.close();
    trunk = undefined;
    await bobContext?.close();
    bobContext = undefined;
  });

  test('blind: alice REFERs the caller to bob, who answers; they hear each other', async ({
    browser,
    openAgent,
    tandem,
  }) => {
    test.setTimeout(90_000);
    const alice = await openAgent({ tandem, username: 'alice', transport: 'wss' });
    await alice.registered();
    const opened = await openBob(browser, openAgent, tandem);
    bobContext = opened.context;
    const { bob } = opened;
    trunk = await startTrunkCaller(tandem);
    const { call, caller } = await answeredByAlice(trunk, alice);
    await expect.poll(async () => (await callerHears(caller)).agentToneShare).toBeGreaterThan(0.5);

    const watch = watchArrivals(caller.peer.received);
    await blindTransfer(alice, call, '1002');
    const bobCall = await bob.nextIncomingCall();
    expect(bobCall.remoteUri).toContain('+4930111222');
    await bobCall.answer();
    expect(await transferOutcome(alice, call)).toBe(200);
    expect((await call.ended()).by).toBe('remote');
    await expectBobAndCallerHearEachOther(bobCall, caller);
    reportGap('blind', watch.stop());

    await caller.hangup();
    expect((await bobCall.ended()).by).toBe('remote');
    await expectNoMediaSessions(tandem.media.ngPort);
  });

  test('attended: alice holds, consults bob, completes; caller and bob talk, her calls end', async ({
    browser,
    openAgent,
    tandem,
  }) => {
    test.setTimeout(90_000);
    const alice = await openAgent({ tandem, username: 'alice', transport: 'wss' });
    await alice.registered();
    const opened = await openBob(browser, openAgent, tandem);
    bobContext = opened.context;
    const { bob } = opened;
    trunk = await startTrunkCaller(tandem);
    const { call, caller } = await answeredByAlice(trunk, alice);

    // Alice holds: the caller hears music (loud, and not her tone).
    await call.hold();
    await expect.poll(async () => (await callerHears(caller)).level).toBeGreaterThan(500);
    expect((await callerHears(caller)).agentToneShare).toBeLessThan(0.5);

    // She calls bob; they hear each other.
    const consult = await alice.call('1002');
    const bobCall = await bob.nextIncomingCall();
    await bobCall.answer();
    await consult.established();
    await bobCall.waitForAudio({ minPackets: 25, minEnergy: 0.0001, timeoutMs: 10_000 });
    await consult.waitForAudio({ minPackets: 25, minEnergy: 0.0001, timeoutMs: 10_000 });

    // She completes: SIP.js puts the consult dialog into Replaces.
    const watch = watchArrivals(caller.peer.received);
    await attendedTransfer(alice, call, consult);
    expect(await lastReferTo(alice, call)).toMatch(/\?Replaces=[^>]*to-tag%3D[^>]*from-tag%3D/i);
    expect(await transferOutcome(alice, call)).toBe(200);
    expect((await call.ended()).by).toBe('remote');
    expect((await consult.ended()).by).toBe('remote');
    // Bob's call goes on: now with the caller, taken off hold.
    expect((await bobCall.snapshot()).state).toBe('Established');
    await expectBobAndCallerHearEachOther(bobCall, caller);
    reportGap('attended', watch.stop());
    expect(caller.reinvites.at(-1)).toBe('sendrecv');

    await caller.hangup();
    expect((await bobCall.ended()).by).toBe('remote');
    await expectNoMediaSessions(tandem.media.ngPort);
  });
});
