/**
 * A trunk that speaks SDES-SRTP (RTP/SAVP with a=crypto, as Teams' SIP proxy and many carriers do),
 * end to end through the calls layer and the real rtpengine: Tandem answers the trunk with SRTP under
 * a key of its own, offers the agent's phone plain RTP, and the audio is verified after decryption by
 * our own SRTP peer on the trunk side, both ways, through a hold and resume.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mediaAddressOf, type RtpPeer } from '../sfu/testing/rtp-peer.fixture.js';
import { SrtpPeer, toneShare } from '../sfu/testing/srtp-peer.fixture.js';
import type { SrtpSuite } from '../sfu/testing/srtp/srtp-crypto.fixture.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import { useCallsHarness } from './testing/calls-harness.fixture.js';

const h = useCallsHarness();
const srtpPeers: SrtpPeer[] = [];
afterEach(() => {
  for (const peer of srtpPeers.splice(0)) peer.close();
});

async function srtpPeer(suite: SrtpSuite): Promise<SrtpPeer> {
  const peer = await SrtpPeer.open({ suite });
  srtpPeers.push(peer);
  return peer;
}

let phoneStream = 0x22220000;

/**
 * Both send half a second of tone; each must hear the other's, decrypted where it was encrypted. The
 * SRTP peer goes on with its stream; RtpPeer starts every tone at sequence 0, so the phone starts a
 * new stream (SSRC) each time: with inject-DTMF, rtpengine drops a stream's repeated sequence numbers.
 */
async function expectTwoWayAudio(trunk: SrtpPeer, toTrunk: string, phone: RtpPeer, toPhone: string) {
  const [heardByPhone, heardByTrunk] = [phone.received.length, trunk.received.length];
  phoneStream += 1;
  await Promise.all([
    trunk.sendTone(mediaAddressOf(toTrunk), 25, { toneHz: 440 }),
    phone.sendTone(mediaAddressOf(toPhone), 25, { toneHz: 1000, ssrc: phoneStream }),
  ]);
  await phone.waitForPackets(heardByPhone + 20);
  await trunk.waitForPackets(heardByTrunk + 20);
  const atPhone = phone.received.slice(heardByPhone).map((packet) => packet.payload);
  const atTrunk = trunk.received.slice(heardByTrunk).map((packet) => packet.payload);
  expect(atPhone.length).toBeGreaterThanOrEqual(20);
  expect(atTrunk.length).toBeGreaterThanOrEqual(20);
  expect(toneShare(atPhone, 440)).toBeGreaterThan(0.8);
  expect(toneShare(atTrunk, 1000)).toBeGreaterThan(0.8);
  expect(trunk.authFailures).toBe(0);
}

/** The trunk calls +15550101 offering SDES-SRTP with `suite`; alice answers on a plain RTP phone. */
async function srtpTrunkCall(suite: SrtpSuite) {
  h.register('alice');
  const trunkMedia = await srtpPeer(suite);
  const phoneMedia = await h.rtpPeer();
  let offered: IncomingInvite | undefined;
  h.phones.alice.answer = (invite) => {
    offered = invite;
    invite.accept({ body: phoneMedia.sdp() }).delegate.onReinvite = (reinvite) =>
      reinvite.accept({
        body: phoneMedia.sdp(/a=sendonly/.test(reinvite.request.bodyText) ? 'recvonly' : 'sendrecv'),
      });
  };
  const outcome = await h.call(h.trunk, trunkMedia.sdp()).outcome;
  if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
  const [toTrunk, toPhone] = [outcome.response.bodyText, offered!.request.bodyText];
  // Tandem answers the trunk with SRTP under a key of its own, and offers the phone plain RTP.
  expect(toTrunk).toMatch(/^m=audio \d+ RTP\/SAVP 0[ \r]/m);
  const tandemKey = trunkMedia.useRemoteCrypto(toTrunk);
  expect(tandemKey.suite).toBe(suite);
  expect(tandemKey.master.key.equals(trunkMedia.local.master.key)).toBe(false);
  expect(toPhone).toMatch(/^m=audio \d+ RTP\/AVP 0[ \r]/m);
  expect(toPhone).not.toMatch(/^a=crypto/m);
  return { dialog: outcome.dialog, trunkMedia, phoneMedia, toTrunk, toPhone };
}

async function hangUpAndCheck(dialog: Dialog) {
  await dialog.bye();
  await expect
    .poll(() => h.media.plane.remoteCalls().then((all) => all.flatMap((instance) => instance.calls)))
    .toEqual([]);
  expect(h.lastRecord().record).toMatchObject({ status: 'completed', endReason: 'caller-hangup' });
}

describe('an SDES-SRTP trunk calling an agent on a plain RTP phone', () => {
  it('is answered with SRTP, carries audio both ways after decryption, and survives hold', async () => {
    const { dialog, trunkMedia, phoneMedia, toTrunk, toPhone } =
      await srtpTrunkCall('AES_CM_128_HMAC_SHA1_80');
    await expectTwoWayAudio(trunkMedia, toTrunk, phoneMedia, toPhone);

    // Hold and resume from the trunk: each answer is SRTP again, and the audio still decrypts.
    const hold = await dialog.reinvite({ body: trunkMedia.sdp('sendonly') });
    expect(hold.status).toBe(200);
    expect(hold.bodyText).toMatch(/^a=recvonly/m);
    expect(hold.bodyText).toMatch(/^m=audio \d+ RTP\/SAVP /m);
    const resume = await dialog.reinvite({ body: trunkMedia.sdp() });
    expect(resume.status).toBe(200);
    expect(trunkMedia.useRemoteCrypto(resume.bodyText).tag).toBe(1);
    await expectTwoWayAudio(trunkMedia, resume.bodyText, phoneMedia, toPhone);
    await hangUpAndCheck(dialog);
  });

  it('offering only the 32-bit tag suite, gets it back and audio both ways', async () => {
    const { dialog, trunkMedia, phoneMedia, toTrunk, toPhone } =
      await srtpTrunkCall('AES_CM_128_HMAC_SHA1_32');
    await expectTwoWayAudio(trunkMedia, toTrunk, phoneMedia, toPhone);
    await hangUpAndCheck(dialog);
  });

  it('offering RTP/SAVP without a usable key is refused with 488, never answered without one', async () => {
    h.register('alice');
    const keyless = (await h.rtpPeer()).sdp().replace('RTP/AVP', 'RTP/SAVP');
    expect((await h.call(h.trunk, keyless).outcome).response.status).toBe(488);
  });
});
