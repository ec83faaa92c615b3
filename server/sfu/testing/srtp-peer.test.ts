/**
 * SDES-SRTP through the real rtpengine, verified after decryption by our own SRTP peer (RFC 3711,
 * written from the RFC and checked against its vectors in srtp/): an SRTP side and a plain RTP side
 * bridged as the calls layer bridges a trunk offering RTP/SAVP and an agent's phone. Each side hears
 * the other's tone (by frequency, not merely by level: ciphertext has a level too); with a wrong key
 * nothing is heard and the failures are counted. Every test ends with rtpengine holding no call.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MediaPlane } from '../media-plane.js';
import type { NgSdpOptions } from '../ng/ng-types.js';
import { startTestMediaPlane } from './media-plane.fixture.js';
import { mediaAddressOf, RtpPeer, type RtpPacket } from './rtp-peer.fixture.js';
import { mulawLevel, SrtpPeer, tonePacket, toneShare } from './srtp-peer.fixture.js';
import { cryptoAttribute, randomMasterKey } from './srtp/sdes.fixture.js';

/**
 * As server/calls/media-profiles.ts rewrites SDP toward each kind of leg (sfu may not import calls).
 * With inject-DTMF rtpengine sends each stream on with an SSRC of its own, so SSRCs are not compared.
 */
const TOWARD_RTP: NgSdpOptions = {
  transportProtocol: 'RTP/AVP',
  ice: 'remove',
  rtcpMux: ['demux'],
  flags: ['trust-address', 'inject-DTMF'],
  replace: ['origin', 'session-connection'],
};
const TOWARD_SRTP: NgSdpOptions = {
  ...TOWARD_RTP,
  transportProtocol: 'RTP/SAVP',
  sdes: ['only-AES_CM_128_HMAC_SHA1_80'],
};

let plane: MediaPlane;
beforeAll(async () => {
  plane = (await startTestMediaPlane()).plane;
});
afterAll(() => plane?.stop());

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await expect.poll(() => plane.remoteCalls()).toEqual([{ instance: 'local', calls: [] }]);
});

async function peers() {
  const [srtp, rtp] = [await SrtpPeer.open(), await RtpPeer.open()];
  closers.push(
    () => srtp.close(),
    () => rtp.close(),
  );
  return { srtp, rtp };
}

/** A media session that is closed after the test, whatever happens in it. */
function newSession() {
  const session = plane.createSession();
  closers.push(() => session.close());
  return session;
}

/** The SRTP side offers (a trunk calling in); rtpengine offers plain RTP to the other side. */
async function srtpCalls(srtpOffer: (srtp: SrtpPeer) => string = (srtp) => srtp.sdp()) {
  const { srtp, rtp } = await peers();
  const session = newSession();
  const caller = session.addLeg({ tag: 'trunk' });
  const callee = session.addLeg({ tag: 'phone' });
  const toPhone = await caller.offer(srtpOffer(srtp), { to: callee, ...TOWARD_RTP });
  const toTrunk = await callee.answer(rtp.sdp(), { to: caller, ...TOWARD_SRTP });
  return { srtp, rtp, toPhone: toPhone.sdp, toTrunk: toTrunk.sdp };
}

/** How much of what arrived is a tone at `toneHz` (see toneShare). */
function heard(packets: readonly RtpPacket[], toneHz: number): number {
  return toneShare(
    packets.map((packet) => packet.payload),
    toneHz,
  );
}

/** Both sides send 25 packets (half a second) to where rtpengine told them to. */
async function talk(srtp: SrtpPeer, toSrtp: string, rtp: RtpPeer, toRtp: string) {
  await Promise.all([
    srtp.sendTone(mediaAddressOf(toSrtp), 25, { toneHz: 440, ssrc: 0x11111111 }),
    rtp.sendTone(mediaAddressOf(toRtp), 25, { toneHz: 1000, ssrc: 0x22222222 }),
  ]);
}

describe('SDES-SRTP through rtpengine', () => {
  it('answers an RTP/SAVP offer with its own key and decrypts and encrypts a tone each way', async () => {
    const { srtp, rtp, toPhone, toTrunk } = await srtpCalls();
    expect(toPhone).toMatch(/^m=audio \d+ RTP\/AVP 0 /m);
    expect(toPhone).not.toMatch(/a=crypto/);
    expect(toTrunk).toMatch(/^m=audio \d+ RTP\/SAVP 0 /m);
    const remote = srtp.useRemoteCrypto(toTrunk);
    expect(remote).toMatchObject({ tag: 1, suite: 'AES_CM_128_HMAC_SHA1_80' });
    expect(remote.master.key.equals(srtp.local.master.key)).toBe(false);

    await talk(srtp, toTrunk, rtp, toPhone);
    const atPhone = await rtp.waitForPackets(20);
    const atTrunk = await srtp.waitForPackets(20);

    // The phone hears the trunk's 440 Hz, decrypted by rtpengine.
    expect(atPhone.length).toBeGreaterThanOrEqual(20);
    expect(atPhone.every((packet) => packet.payloadType === 0)).toBe(true);
    expect(heard(atPhone, 440)).toBeGreaterThan(0.8);
    // The trunk decrypts rtpengine's SRTP under rtpengine's key and hears the phone's 1000 Hz.
    expect(srtp.authFailures).toBe(0);
    expect(atTrunk.length).toBeGreaterThanOrEqual(20);
    expect(atTrunk.every((packet) => packet.payloadType === 0)).toBe(true);
    expect(heard(atTrunk, 1000)).toBeGreaterThan(0.8);
    expect(heard(atTrunk, 440)).toBeLessThan(0.1);
    expect(mulawLevel(atTrunk.map((packet) => packet.payload))).toBeGreaterThan(4000);
  });

  it('decrypts what rtpengine encrypts across a sequence wrap, under the next rollover counter', async () => {
    const { srtp, toPhone, toTrunk } = await srtpCalls();
    srtp.useRemoteCrypto(toTrunk);
    // The phone's stream starts just below 65535 (RtpPeer always starts at 0: these are sent by hand).
    const phone = createSocket('udp4');
    closers.push(() => void phone.close());
    const { address, port } = mediaAddressOf(toPhone);
    for (let frame = 0; frame < 30; frame += 1) {
      phone.send(
        tonePacket({ sequence: 65_520 + frame, frame, ssrc: 0x33333333, toneHz: 1000 }),
        port,
        address,
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const atTrunk = await srtp.waitForPackets(30);
    expect(srtp.authFailures).toBe(0);
    expect(atTrunk.map((packet) => packet.sequence)).toEqual(
      expect.arrayContaining(Array.from({ length: 30 }, (_, index) => (65_520 + index) & 0xffff)),
    );
    expect(heard(atTrunk, 1000)).toBeGreaterThan(0.8);
  });

  it('offers SRTP with a key of its own to an SRTP callee and takes the key of its answer', async () => {
    const { srtp, rtp } = await peers();
    const session = newSession();
    const caller = session.addLeg({ tag: 'phone' });
    const callee = session.addLeg({ tag: 'trunk' });
    const toTrunk = await caller.offer(rtp.sdp(), { to: callee, ...TOWARD_SRTP });
    expect(toTrunk.sdp).toMatch(/^m=audio \d+ RTP\/SAVP 0 /m);
    const offered = srtp.useRemoteCrypto(toTrunk.sdp);
    const answer = srtp.sdp();
    expect(answer).toContain(`a=crypto:${offered.tag} AES_CM_128_HMAC_SHA1_80 inline:`);
    const toPhone = await callee.answer(answer, { to: caller, ...TOWARD_RTP });
    expect(toPhone.sdp).toMatch(/^m=audio \d+ RTP\/AVP 0 /m);

    await talk(srtp, toTrunk.sdp, rtp, toPhone.sdp);
    expect(heard(await rtp.waitForPackets(20), 440)).toBeGreaterThan(0.8);
    expect(heard(await srtp.waitForPackets(20), 1000)).toBeGreaterThan(0.8);
    expect(srtp.authFailures).toBe(0);
  });

  it('hears nothing with the wrong key: every packet from rtpengine fails authentication', async () => {
    const { srtp, rtp, toPhone, toTrunk } = await srtpCalls();
    const wrong = cryptoAttribute({ tag: 1, suite: 'AES_CM_128_HMAC_SHA1_80', master: randomMasterKey() });
    srtp.useRemoteCrypto(toTrunk.replace(/^a=crypto:.*$/m, wrong));

    await rtp.sendTone(mediaAddressOf(toPhone), 25, { toneHz: 1000 });
    await expect.poll(() => srtp.arrived).toBeGreaterThanOrEqual(20);
    expect(srtp.authFailures).toBe(srtp.arrived);
    expect(srtp.received).toEqual([]);
  });

  it('lets nothing through from a trunk that encrypts with another key than it offered', async () => {
    const { srtp, rtp, toPhone, toTrunk } = await srtpCalls((peer) =>
      peer.sdp().replace(/^a=crypto:.*$/m, cryptoAttribute({ ...peer.local, master: randomMasterKey() })),
    );
    srtp.useRemoteCrypto(toTrunk);
    await talk(srtp, toTrunk, rtp, toPhone);
    // rtpengine still forwards the phone's tone, so the trunk leg itself works ...
    expect(heard(await srtp.waitForPackets(20), 1000)).toBeGreaterThan(0.8);
    // ... but rtpengine drops what the trunk sent, failing authentication: nothing reaches the phone.
    await rtp.waitForPackets(1, 300);
    expect(rtp.received).toEqual([]);
  });
});

describe('SrtpPeer on its own', () => {
  it('talks SRTP to another SrtpPeer, decrypting what arrived before it knew the key', async () => {
    const [offerer, answerer] = [await SrtpPeer.open(), await SrtpPeer.open()];
    closers.push(
      () => offerer.close(),
      () => answerer.close(),
    );
    answerer.useRemoteCrypto(offerer.sdp());
    await answerer.sendTone(mediaAddressOf(offerer.sdp()), 5, { toneHz: 1000 }); // early media
    await expect.poll(() => offerer.arrived).toBe(5);
    expect(offerer.received).toEqual([]);
    offerer.useRemoteCrypto(answerer.sdp());
    await offerer.sendTone(mediaAddressOf(answerer.sdp()), 5, { toneHz: 440 });
    expect(heard(await answerer.waitForPackets(5), 440)).toBeGreaterThan(0.9);
    expect(heard(offerer.received, 1000)).toBeGreaterThan(0.9);
    expect([offerer.authFailures, answerer.authFailures]).toEqual([0, 0]);
  });

  it('tells a tone from another tone and from ciphertext', () => {
    const tone = (toneHz: number) => tonePacket({ sequence: 0, frame: 3, ssrc: 1, toneHz }).subarray(12);
    expect(toneShare([tone(440)], 440)).toBeGreaterThan(0.9);
    expect(toneShare([tone(1000)], 440)).toBeLessThan(0.1);
    expect(toneShare([randomBytes(160), randomBytes(160)], 440)).toBeLessThan(0.1);
    expect(mulawLevel([randomBytes(160)])).toBeGreaterThan(4000); // why a level is not enough
  });
});
