/**
 * The product's main path, end to end: a caller on the demo trunk (SIPp over UDP, G.711 A-law, playing a
 * recorded voice) dials the support number; Tandem rings alice, who is signed in with SIP.js in Chromium over
 * WSS; she answers; the caller's voice reaches her through rtpengine (transcoded to Opus, DTLS-SRTP, ICE), and
 * her microphone's tone reaches the SIP side (rtpengine counts the packets it forwards from her leg). The browser
 * is offered Opus first and speaks it (getStats: the codec of inbound-rtp and outbound-rtp), G.711 is listed too. The
 * caller hangs up and the call ends in the browser.
 */
import { createRootLogger } from '../../server/shared/logger.js';
import { NgChannel } from '../../server/sfu/ng/ng-channel.js';
import { NgClient } from '../../server/sfu/ng/ng-client.js';
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { describeSipp, runSipp } from '../support/sipp.js';

test('a trunk caller reaches an agent in Chromium with audio both ways, then hangs up', async ({
  openAgent,
  tandem,
}) => {
  test.setTimeout(60_000);
  const alice = await openAgent({ tandem, username: 'alice', transport: 'wss' });
  await alice.registered();

  const caller = runSipp({
    scenario: 'trunk-call-pcma.xml',
    port: tandem.sip.udp,
    transport: 'udp',
    service: '+15550101',
    defaultBehaviors: 'all',
    timeoutMs: 30_000,
    extraArgs: ['-mp', String(await freeLoopbackPort())],
  });

  const call = await alice.nextIncomingCall();
  await call.answer();
  // The browser was offered WebRTC media by rtpengine: DTLS-SRTP with ICE, and Opus transcoded from A-law.
  const { remote } = await call.descriptions();
  expect(remote).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m);
  expect(remote).toMatch(/^a=fingerprint:/m);
  // Opus is offered first (DESIGN.md: agent legs speak Opus), with G.711 still listed as the fallback.
  const offer = remote ?? '';
  const opus = /^a=rtpmap:(\d+) opus\/48000/im.exec(offer)?.[1];
  expect(opus, offer).toBeDefined();
  expect(/^m=audio \d+ \S+ (\d+)/m.exec(offer)?.[1], offer).toBe(opus);
  expect(offer).toMatch(/^a=rtpmap:0 PCMU\/8000/m);
  expect(offer).toMatch(/^a=rtpmap:8 PCMA\/8000/m);
  // The caller's recorded voice, heard in the browser: energy, not just packets, and in Opus both ways.
  const heard = await call.waitForAudio({ minPackets: 50, minEnergy: 0.0001, timeoutMs: 10_000 });
  expect(heard.stats.inbound?.codec, JSON.stringify(heard.stats)).toBe('audio/opus');
  expect(heard.stats.outbound?.codec, JSON.stringify(heard.stats)).toBe('audio/opus');

  // Her microphone reaches the SIP side: rtpengine received her media and the caller's.
  const channel = await NgChannel.open({
    host: '127.0.0.1',
    port: tandem.media.ngPort,
    timeoutMs: 1_000,
    retries: 1,
    logger: createRootLogger({ level: 'silent' }),
  });
  try {
    const ng = new NgClient(channel);
    const [callId] = await ng.list();
    expect(callId).toBeDefined();
    const receivedPerSide = async () => {
      const info = await ng.query({ callId: callId! });
      return info.tags.map((tag) =>
        tag.medias.flatMap((media) => media.streams).reduce((sum, stream) => sum + stream.packets, 0),
      );
    };
    await expect.poll(receivedPerSide, { timeout: 2_000 }).toEqual([expect.any(Number), expect.any(Number)]);
    await expect
      .poll(async () => Math.min(...(await receivedPerSide())), { timeout: 2_000 })
      .toBeGreaterThanOrEqual(50);
  } finally {
    channel.close();
  }

  const ending = await call.ended();
  expect(ending.by).toBe('remote');
  const result = await caller;
  expect(result.exitCode, describeSipp(result)).toBe(0);
  await expectNoMediaSessions(tandem.media.ngPort);
});
