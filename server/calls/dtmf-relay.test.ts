/**
 * INFO DTMF from an agent's client reaching the trunk as RFC 4733 events: the bodies phones and
 * SIP.js send, the ones we refuse (and that nothing is played for them), and the real thing through
 * rtpengine 10.5, with the trunk's RTP peer decoding the telephone-event packets it receives.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SipError } from '../shared/errors.js';
import { createRootLogger } from '../shared/logger.js';
import type { MediaLeg } from '../sfu/media-leg.js';
import type { MediaSession } from '../sfu/media-session.js';
import { parseTelephoneEvent, telephoneEventName } from '../sfu/mixer/rtp-packet.js';
import { NgCommandError, NgTimeoutError } from '../sfu/ng/ng-errors.js';
import type { NgFlag } from '../sfu/ng/ng-types.js';
import { startTestMediaPlane } from '../sfu/testing/media-plane.fixture.js';
import { mediaAddressOf, RtpPeer, type RtpPacket } from '../sfu/testing/rtp-peer.fixture.js';
import { SipRequest } from '../sip/message/message.js';
import { createResponse } from '../sip/message/response-builder.js';
import { DtmfRelay, parseInfoDtmf, type DtmfLeg } from './dtmf-relay.js';
import { answerToward, offerToward } from './media-profiles.js';

const logger = createRootLogger({ level: 'silent' });
const TELEPHONE_EVENT = 101;

function info(body: string, contentType: string | null = 'application/dtmf-relay', extra = {}): SipRequest {
  return new SipRequest({
    method: 'INFO',
    uri: 'sip:tandem@127.0.0.1',
    headers: {
      Via: 'SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKinfo',
      From: '<sip:alice@tandem.local>;tag=agent',
      To: '<sip:+4930111222@tandem.local>;tag=b2bua',
      'Call-ID': 'dtmf-test',
      CSeq: '3 INFO',
      ...(contentType === null ? {} : { 'Content-Type': contentType }),
      ...extra,
    },
    body,
  });
}

/** A leg that records what it was asked to play, for the cases that must not reach rtpengine. */
class RecordingLeg implements DtmfLeg {
  readonly played: { code: string; durationMs?: number; volume?: number }[] = [];
  isClosed = false;
  constructor(
    readonly tag: string,
    private readonly outcome: () => Promise<void> = () => Promise.resolve(),
  ) {}
  async playDtmf(code: string, options: { durationMs?: number; volume?: number }): Promise<void> {
    await this.outcome();
    this.played.push({ code, ...options });
  }
}

describe('reading a DTMF INFO body', () => {
  it.each([
    ['application/dtmf-relay', 'Signal=5\r\nDuration=160', '5', 160],
    ['application/dtmf-relay', 'Signal=#\r\nDuration=2000', '#', 2000], // SIP.js SessionManager.sendDTMF
    ['application/dtmf-relay', 'signal = d\nduration= 100\n', 'D', 100],
    ['application/dtmf-relay', 'Signal=*\r\n', '*', 250],
    ['Application/DTMF-Relay; charset=utf-8', 'Signal=0\r\nDuration=5000\r\nVendor=x', '0', 5000],
    ['application/dtmf', '7\r\n', '7', 250],
  ])('%s %j is %s for %i ms', (contentType, body, digit, durationMs) => {
    expect(parseInfoDtmf(info(body, contentType))).toEqual({ digit, durationMs });
  });

  it('takes an INFO without a body for a keep-alive, not a digit', () => {
    expect(parseInfoDtmf(info('', null))).toBeNull();
  });

  it.each([
    ['application/dtmf-relay', 'Signal=E\r\nDuration=160', 400, 'Bad DTMF Signal'],
    ['application/dtmf-relay', 'Signal=55', 400, 'Bad DTMF Signal'],
    ['application/dtmf-relay', 'Signal=,\r\nDuration=2000', 400, 'Bad DTMF Signal'],
    ['application/dtmf-relay', 'Signal=\r\nDuration=160', 400, 'Bad DTMF Signal'],
    ['application/dtmf-relay', 'Duration=160', 400, 'Missing DTMF Signal'],
    ['application/dtmf-relay', 'Signal=1\r\nSignal=2', 400, 'Malformed DTMF Body'],
    ['application/dtmf-relay', 'press five', 400, 'Malformed DTMF Body'],
    ['application/dtmf-relay', 'Signal=5\r\nDuration=0', 400, 'Bad DTMF Duration'],
    ['application/dtmf-relay', 'Signal=5\r\nDuration=5001', 400, 'Bad DTMF Duration'],
    ['application/dtmf-relay', 'Signal=5\r\nDuration=-160', 400, 'Bad DTMF Duration'],
    ['application/dtmf-relay', 'Signal=5\r\nDuration=1e3', 400, 'Bad DTMF Duration'],
    ['application/dtmf-relay', `Signal=5\r\nX=${'y'.repeat(300)}`, 400, 'DTMF Body Too Long'],
    ['application/dtmf', '12', 400, 'Bad DTMF Signal'],
    [null, 'Signal=5', 400, 'Missing Content-Type'],
    ['dtmf', 'Signal=5', 400, 'Malformed Content-Type'],
    ['text/plain', 'Signal=5', 415, 'Unsupported Media Type'],
    ['application/media_control+xml', '<media_control/>', 415, 'Unsupported Media Type'],
  ])('refuses %s %j with %i %s', (contentType, body, status, reason) => {
    const refused = (() => {
      try {
        return parseInfoDtmf(info(body, contentType));
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(SipError);
    expect(refused).toMatchObject({ status, reason });
  });

  it('refuses an Info Package with 469, since we never offer one (RFC 6086)', () => {
    expect(() =>
      parseInfoDtmf(info('Signal=5', 'application/dtmf-relay', { 'Info-Package': 'dtmf' })),
    ).toThrow(expect.objectContaining({ status: 469 }));
  });
});

describe('the relay, before it reaches rtpengine', () => {
  it('answers bad bodies with their status (415 lists what we accept) and plays nothing', async () => {
    const [agent, caller] = [new RecordingLeg('agent'), new RecordingLeg('caller')];
    const relay = new DtmfRelay({ logger });
    const bad = await relay.relayInfo(info('Signal=X'), agent, caller);
    expect(bad).toEqual({ status: 400, reason: 'Bad DTMF Signal' });
    const other = await relay.relayInfo(info('hello', 'text/plain'), agent, caller);
    expect(other).toEqual({
      status: 415,
      reason: 'Unsupported Media Type',
      headers: { Accept: 'application/dtmf-relay, application/dtmf' },
    });
    const packaged = await relay.relayInfo(
      info('Signal=5', undefined, { 'Info-Package': 'dtmf' }),
      agent,
      caller,
    );
    // The headers go into a real response as they are, the empty Recv-Info included.
    const response = createResponse(info(''), packaged.status, packaged.reason, {
      headers: packaged.headers,
    });
    expect(response.toString()).toMatch(/^SIP\/2\.0 469 Bad Info Package\r\n[^]*\r\nRecv-Info: \r\n/);
    expect(agent.played).toEqual([]);
    expect(caller.played).toEqual([]);
  });

  it('plays on the leg that sent the INFO, with a volume, and at least 100 ms', async () => {
    const [agent, caller] = [new RecordingLeg('agent'), new RecordingLeg('caller')];
    const relay = new DtmfRelay({ logger });
    expect(await relay.relayInfo(info('Signal=9\r\nDuration=60'), agent, caller)).toEqual({
      status: 200,
      reason: 'OK',
    });
    expect(await relay.relayInfo(info('', null), agent, caller)).toMatchObject({ status: 200 });
    expect(agent.played).toEqual([{ code: '9', durationMs: 100, volume: 10 }]);
    expect(caller.played).toEqual([]);
  });

  it('keeps the digits in the order the INFOs came, even when rtpengine answers the first late', async () => {
    let slow = true;
    const agent = new RecordingLeg('agent', async () => {
      const wait = slow ? 50 : 0;
      slow = false;
      await new Promise((resolve) => setTimeout(resolve, wait));
    });
    const relay = new DtmfRelay({ logger });
    const caller = new RecordingLeg('caller');
    await Promise.all(
      ['1', '2', '3'].map((digit) => relay.relayInfo(info(`Signal=${digit}`), agent, caller)),
    );
    expect(agent.played.map((played) => played.code)).toEqual(['1', '2', '3']);
  });

  it('answers 481 for a leg that has gone, 500 when rtpengine refuses, 503 when it does not answer', async () => {
    const relay = new DtmfRelay({ logger });
    const caller = new RecordingLeg('caller');
    const gone = new RecordingLeg('agent');
    gone.isClosed = true;
    expect(await relay.relayInfo(info('Signal=1'), gone, caller)).toMatchObject({ status: 481 });
    expect(gone.played).toEqual([]);
    const refusing = new RecordingLeg('agent', () =>
      Promise.reject(new NgCommandError('play DTMF', 'error', 'No SSRC context present for DTMF injection')),
    );
    expect(await relay.relayInfo(info('Signal=1'), refusing, caller)).toMatchObject({ status: 500 });
    const silent = new RecordingLeg('agent', () => Promise.reject(new NgTimeoutError('play DTMF', 2, 600)));
    expect(await relay.relayInfo(info('Signal=1'), silent, caller)).toMatchObject({ status: 503 });
    await expect(relay.relayInfo(info('Signal=1'), caller, caller)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('INFO DTMF from the agent through rtpengine 10.5', () => {
  type MediaFixture = Awaited<ReturnType<typeof startTestMediaPlane>>;
  let media: MediaFixture;
  const peers: RtpPeer[] = [];
  const sessions: MediaSession[] = [];

  beforeAll(async () => {
    media = await startTestMediaPlane();
  });

  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.close();
    for (const peer of peers.splice(0)) peer.close();
    await expect.poll(() => media.plane.remoteCalls()).toEqual([{ instance: 'local', calls: [] }]);
  });

  afterAll(async () => {
    await media?.plane.stop();
  });

  function withFlags(options: ReturnType<typeof offerToward>, flags: readonly NgFlag[]) {
    // The profiles carry inject-DTMF; a test asks for exactly the DTMF flags it names.
    const others = (options.flags ?? []).filter((flag) => flag !== 'inject-DTMF');
    return { ...options, flags: [...others, ...flags] };
  }

  /** A trunk caller and an agent's phone (both plain RTP: PCMU and telephone-event 101) bridged. */
  async function bridged(flags: readonly NgFlag[] = ['inject-DTMF']) {
    const [trunk, phone] = [await RtpPeer.open(), await RtpPeer.open()];
    peers.push(trunk, phone);
    const session = media.plane.createSession();
    sessions.push(session);
    const caller = session.addLeg({ label: 'caller' });
    const agent = session.addLeg({ label: 'agent' });
    const toAgent = await caller.offer(trunk.sdp(), { to: agent, ...withFlags(offerToward('rtp'), flags) });
    const toTrunk = await agent.answer(phone.sdp(), { to: caller, ...withFlags(answerToward('rtp'), flags) });
    expect(toTrunk.sdp).toMatch(/^a=rtpmap:101 telephone-event\/8000/m);
    return {
      trunk,
      phone,
      caller,
      agent,
      trunkSendsTo: mediaAddressOf(toTrunk.sdp),
      phoneSendsTo: mediaAddressOf(toAgent.sdp),
    };
  }

  /** Both sides talk for `packets` x 20 ms; `during` runs once media has flowed for 200 ms. */
  async function whileTalking(
    call: Awaited<ReturnType<typeof bridged>>,
    packets: number,
    during: () => Promise<void>,
  ) {
    const talking = Promise.all([
      call.trunk.sendTone(call.trunkSendsTo, packets, { toneHz: 440 }),
      call.phone.sendTone(call.phoneSendsTo, packets, { toneHz: 1000 }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await during();
    await talking;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  function events(packets: readonly RtpPacket[]) {
    return packets
      .filter((packet) => packet.payloadType === TELEPHONE_EVENT)
      .sort((a, b) => a.sequence - b.sequence)
      .map((packet) => ({ timestamp: packet.timestamp, ...parseTelephoneEvent(packet.payload)! }));
  }

  /** Each event once, in order: the keys the trunk's user (or IVR) would see. */
  function keysOf(received: ReturnType<typeof events>): string[] {
    return received
      .filter((event) => event.end)
      .filter((event, index, all) => all[index - 1]?.timestamp !== event.timestamp)
      .map((event) => telephoneEventName(event.event));
  }

  it('reaches the trunk as RFC 4733 events, ended and in order, and never comes back to the agent', async () => {
    const call = await bridged();
    const relay = new DtmfRelay({ logger });
    const answers: number[] = [];
    await whileTalking(call, 90, async () => {
      for (const body of ['Signal=5\r\nDuration=160', 'Signal=#\r\nDuration=100']) {
        answers.push((await relay.relayInfo(info(body), call.agent, call.caller)).status);
      }
      answers.push((await relay.relayInfo(info('1', 'application/dtmf'), call.agent, call.caller)).status);
    });
    expect(answers).toEqual([200, 200, 200]);

    const atTrunk = events(call.trunk.received);
    expect(keysOf(atTrunk)).toEqual(['5', '#', '1']);
    const five = atTrunk.filter((event) => event.event === 5);
    expect(five.at(0)).toMatchObject({ end: false, volume: 10 });
    // RFC 4733 2.5.1.4: the end packet is sent three times, with the final duration (~160 ms).
    const ends = five.filter((event) => event.end);
    expect(ends).toHaveLength(3);
    expect(ends[0]!.duration).toBeGreaterThanOrEqual(160 * 8);
    expect(ends[0]!.duration).toBeLessThan(260 * 8);
    expect(events(call.phone.received)).toEqual([]);
    // The audio went on around the events.
    expect(call.trunk.received.filter((packet) => packet.payloadType === 0).length).toBeGreaterThan(40);
  });

  it('plays nothing for a bad body, and answers it 400', async () => {
    const call = await bridged();
    const relay = new DtmfRelay({ logger });
    let answer: Awaited<ReturnType<DtmfRelay['relayInfo']>> | undefined;
    await whileTalking(call, 40, async () => {
      answer = await relay.relayInfo(info('Signal=Z\r\nDuration=160'), call.agent, call.caller);
    });
    expect(answer).toEqual({ status: 400, reason: 'Bad DTMF Signal' });
    expect(call.trunk.received.length).toBeGreaterThan(20);
    expect(events(call.trunk.received)).toEqual([]);
  });

  it('needs the inject-DTMF flag in the offer and answer: without it rtpengine says ok and plays nothing', async () => {
    const call = await bridged([]);
    const relay = new DtmfRelay({ logger });
    let answer: Awaited<ReturnType<DtmfRelay['relayInfo']>> | undefined;
    await whileTalking(call, 30, async () => {
      answer = await relay.relayInfo(info('Signal=5'), call.agent, call.caller);
    });
    expect(answer).toEqual({ status: 200, reason: 'OK' });
    expect(call.trunk.received.length).toBeGreaterThan(20);
    expect(events(call.trunk.received)).toEqual([]);
  });

  it('relays a digit from the trunk side to the agent the same way (the INFO names the pressing leg)', async () => {
    const call = await bridged();
    const relay = new DtmfRelay({ logger });
    await whileTalking(call, 40, async () => {
      expect((await relay.relayInfo(info('Signal=3'), call.caller, call.agent)).status).toBe(200);
    });
    expect(keysOf(events(call.phone.received))).toEqual(['3']);
    expect(events(call.trunk.received)).toEqual([]);
  });

  it('is refused by rtpengine before any media came from the pressing leg', async () => {
    const call = await bridged();
    const answer = await new DtmfRelay({ logger }).relayInfo(
      info('Signal=5'),
      call.agent as MediaLeg,
      call.caller,
    );
    expect(answer).toEqual({ status: 500, reason: 'DTMF Not Relayed' });
  });
});
