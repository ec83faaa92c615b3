/**
 * The IVR endpoint on its own, over UDP on loopback with an RTP peer: latching, A-law callers,
 * strangers, hold music between prompts, replacing and stopping playbacks, and closing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidStateError } from '../../shared/errors.js';
import { createRootLogger } from '../../shared/logger.js';
import { decodeAlaw, encodeMulaw, PCMA } from '../mixer/g711.js';
import { RtpPeer } from '../testing/rtp-peer.fixture.js';
import { IvrEndpoint } from './ivr-endpoint.js';
import type { PlaybackEnd } from './ivr-endpoint-types.js';

const logger = createRootLogger({ level: 'silent' });
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `seconds` of a µ-law sine. */
function tone(hz: number, seconds: number, amplitude = 8000): Uint8Array {
  return Uint8Array.from({ length: Math.round(8000 * seconds) }, (_, n) =>
    encodeMulaw(Math.round(amplitude * Math.sin((2 * Math.PI * hz * n) / 8000))),
  );
}

async function open(options: Partial<Parameters<typeof IvrEndpoint.open>[0]> = {}) {
  const peer = await RtpPeer.open();
  const ivr = await IvrEndpoint.open({ logger, ...options });
  cleanups.push(
    () => peer.close(),
    () => ivr.close(),
  );
  const ends: [number, PlaybackEnd][] = [];
  ivr.on('playbackFinished', (playback, how) => ends.push([playback, how]));
  return { peer, ivr, ends, at: { address: '127.0.0.1', port: ivr.port } };
}

describe('the IVR endpoint', () => {
  it('describes itself in SDP for rtpengine', async () => {
    const { ivr } = await open();
    const sdp = ivr.sdp();
    expect(sdp).toContain(`m=audio ${ivr.port} RTP/AVP 0 101\r\n`);
    expect(sdp).toContain('a=rtpmap:101 telephone-event/8000\r\n');
    expect(sdp).toContain('s=Tandem IVR\r\n');
  });

  it('sends nothing until it knows where, then latches on to the first packet and plays', async () => {
    const { peer, ivr, at } = await open();
    await sleep(100);
    expect(peer.received).toEqual([]);
    await peer.sendTone(at, 2);
    expect(ivr.remote).toEqual({ address: '127.0.0.1', port: peer.port });
    ivr.play([tone(440, 0.2)]);
    await peer.waitForPackets(10, 2_000);
    expect(peer.received.length).toBeGreaterThanOrEqual(10);
  });

  it('speaks A-law to an A-law caller', async () => {
    const { peer, ivr, ends } = await open({ payloadType: PCMA });
    ivr.setRemote({ address: '127.0.0.1', port: peer.port });
    ivr.play([tone(440, 0.3)]);
    await peer.waitForPackets(12, 2_000);
    const packet = peer.received[3]!;
    expect(packet.payloadType).toBe(PCMA);
    const peak = Math.max(...[...packet.payload].map((code) => Math.abs(decodeAlaw(code))));
    expect(peak).toBeGreaterThan(6000);
    expect(peak).toBeLessThan(9000);
    await sleep(200);
    expect(ends).toEqual([[1, 'completed']]);
  });

  it('plays hold music between prompts, and reports replaced and stopped playbacks', async () => {
    const { peer, ivr, ends } = await open();
    ivr.setRemote({ address: '127.0.0.1', port: peer.port });
    ivr.setHoldAudio(tone(200, 1, 3000));
    await sleep(200);
    const first = ivr.play([tone(1000, 5)]);
    const second = ivr.play([tone(1000, 5)]);
    expect(ends).toEqual([[first, 'stopped']]);
    ivr.stop();
    ivr.stop();
    expect(ends).toEqual([
      [first, 'stopped'],
      [second, 'stopped'],
    ]);
    expect(ivr.playing).toBeNull();
    await sleep(200);
    // Music all along: no packet of silence.
    const silent = peer.received.filter((packet) => packet.payload.every((code) => code === 0xff));
    expect(peer.received.length).toBeGreaterThan(10);
    expect(silent).toEqual([]);
  });

  it('drops packets from anyone but the remote, and refuses to play once closed', async () => {
    const { peer, ivr, at } = await open();
    ivr.setRemote({ address: '127.0.0.1', port: 9 });
    await peer.sendKey(at, '1');
    await sleep(50);
    expect(ivr.stats.keys).toBe(0);
    expect(ivr.stats.dropped).toBeGreaterThan(0);
    await ivr.close();
    await ivr.close();
    expect(() => ivr.play([tone(440, 0.1)])).toThrow(InvalidStateError);
    expect(() => ivr.isClosed && ivr.stop()).not.toThrow();
  });

  it('refuses clips that are not bytes', async () => {
    const { ivr } = await open();
    expect(() => ivr.play(['hello' as never])).toThrow(TypeError);
  });
});
