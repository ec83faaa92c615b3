/**
 * Every typed ng helper against the real rtpengine 10.5 (supervised, userspace, loopback): what
 * the calls layer will send, and what rtpengine really answers.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { RtpengineProcess } from '../rtpengine-process.js';
import { freePortRange } from '../testing/test-ports.fixture.js';
import { mediaAddressOf, mulawLevel, RtpPeer } from '../testing/rtp-peer.fixture.js';
import { NgClient } from './ng-client.js';
import { NgCommandError } from './ng-errors.js';

let rtpengine: RtpengineProcess;
let ng: NgClient;
let recordingDir: string;
const peers: RtpPeer[] = [];

beforeAll(async () => {
  recordingDir = mkdtempSync(join(tmpdir(), 'tandem-recordings-'));
  rtpengine = new RtpengineProcess({
    binary: '/usr/bin/rtpengine',
    interface: '127.0.0.1',
    ngHost: '127.0.0.1',
    ...(await freePortRange()),
    logLevel: 5,
    recordingDir,
    startTimeoutMs: 3_000,
    stopTimeoutMs: 1_000,
    restart: { initialDelayMs: 50, maxDelayMs: 400, stableAfterMs: 10_000 },
    ng: { timeoutMs: 500, retries: 1 },
    logger: createRootLogger({ level: 'silent' }),
  });
  await rtpengine.start();
  ng = new NgClient(rtpengine);
});

afterAll(async () => {
  for (const peer of peers.splice(0)) peer.close();
  await rtpengine.stop();
});

async function call(callId: string, flags: string[] = []) {
  const [a, b] = [await RtpPeer.open(), await RtpPeer.open()];
  peers.push(a, b);
  const offered = await ng.offer({ callId, fromTag: 'a', toTag: 'b', sdp: a.sdp(), label: 'caller', flags });
  const answered = await ng.answer({ callId, fromTag: 'a', toTag: 'b', sdp: b.sdp(), label: 'agent', flags });
  // The offer's SDP goes to b: it says where b sends. The answer's goes to a.
  return { a, b, bSendsTo: mediaAddressOf(offered.sdp), aSendsTo: mediaAddressOf(answered.sdp) };
}

/** A WAV file (16-bit PCM, 8 kHz, mono) holding `seconds` of a 440 Hz tone. */
function toneWav(seconds: number): Buffer {
  const samples = 8000 * seconds;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1)
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28); // bytes per second
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

describe('ng commands against rtpengine 10.5', () => {
  it('pings', async () => {
    await expect(ng.ping()).resolves.toBeUndefined();
  });

  it('offers, answers, queries, lists, counts and deletes a call', async () => {
    const { aSendsTo, bSendsTo } = await call('ng-basic');
    expect(aSendsTo.address).toBe('127.0.0.1');
    expect(bSendsTo.port).not.toBe(aSendsTo.port);

    const info = await ng.query({ callId: 'ng-basic' });
    expect(info.created).toBeGreaterThan(1_600_000_000);
    const tags = Object.fromEntries(info.tags.map((tag) => [tag.tag, tag]));
    expect(Object.keys(tags).sort()).toEqual(['a', 'b']);
    expect(tags.a?.label).toBe('caller');
    expect(tags.a?.medias[0]).toMatchObject({ type: 'audio', protocol: 'RTP/AVP' });
    expect(tags.b?.medias[0]?.streams[0]).toMatchObject({
      localAddress: '127.0.0.1',
      localPort: bSendsTo.port,
    });

    expect(await ng.list()).toContain('ng-basic');
    expect((await ng.statistics()).sessionsOwn).toBeGreaterThanOrEqual(1);

    await expect(ng.delete({ callId: 'ng-basic' })).resolves.toEqual({ warning: null });
    expect(await ng.list()).not.toContain('ng-basic');
    const again = await ng.delete({ callId: 'ng-basic' });
    expect(again.warning).toMatch(/not found/i);
    await expect(ng.query({ callId: 'ng-basic' })).rejects.toMatchObject({ reason: 'Unknown call-id' });
  });

  it('plays a prompt toward one leg, which hears the tone', async () => {
    const { a } = await call('ng-play');
    const file = join(recordingDir, 'tone.wav');
    writeFileSync(file, toneWav(1));
    const played = await ng.playMedia({ callId: 'ng-play', fromTag: 'a', source: { file } });
    expect(played.durationMs).toBe(1000);
    const packets = await a.waitForPackets(25);
    expect(packets.length).toBeGreaterThanOrEqual(25);
    expect(mulawLevel(packets.map((packet) => packet.payload))).toBeGreaterThan(3000);
    await ng.stopMedia({ callId: 'ng-play', fromTag: 'a' });

    const missing = await ng
      .playMedia({ callId: 'ng-play', fromTag: 'a', source: { file: '/nonexistent.wav' } })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NgCommandError);
    await ng.delete({ callId: 'ng-play' });
  });

  it("injects an RFC 4733 DTMF event into a leg's stream (needs the inject-DTMF flag)", async () => {
    const { b, a, aSendsTo } = await call('ng-dtmf', ['inject-DTMF']);
    // Without media from a, there is no stream to put the event in.
    await expect(ng.playDtmf({ callId: 'ng-dtmf', fromTag: 'a', code: '5' })).rejects.toMatchObject({
      reason: 'No SSRC context present for DTMF injection',
    });
    // rtpengine needs to have seen media on the call before it can insert events into it.
    await a.sendTone(aSendsTo, 5);
    // As if a's user pressed 5: the event goes into a's stream, so b receives it.
    await ng.playDtmf({ callId: 'ng-dtmf', fromTag: 'a', code: '5', durationMs: 200 });
    await a.sendTone(aSendsTo, 15);
    const events = (await b.waitForPackets(15)).filter((packet) => packet.payloadType === 101);
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.payload[0]).toBe(5); // RFC 4733 section 2.3: the event code
    await ng.delete({ callId: 'ng-dtmf' });
  });

  it('blocks and unblocks DTMF and media, and records (with pause) into the recording directory', async () => {
    await call('ng-controls');
    const ref = { callId: 'ng-controls', fromTag: 'a' };
    await ng.blockDtmf(ref);
    await ng.unblockDtmf(ref);
    await ng.blockMedia(ref);
    await ng.unblockMedia(ref);
    await ng.startRecording({ callId: 'ng-controls' });
    await ng.pauseRecording({ callId: 'ng-controls' });
    await ng.startRecording({ callId: 'ng-controls' });
    await ng.stopRecording({ callId: 'ng-controls' });
    await ng.delete({ callId: 'ng-controls' });
    // rtpengine 10.5: one pcap before the pause, another after it.
    const pcaps = readdirSync(join(recordingDir, 'pcaps')).filter((name) => name.startsWith('ng-controls-'));
    expect(pcaps).toHaveLength(2);
  });

  it('maps refusals to NgCommandError with the reason rtpengine gave', async () => {
    const noSdp = await ng
      .offer({ callId: 'ng-bad', fromTag: 'a', sdp: 'nonsense' })
      .catch((error: unknown) => error);
    expect(noSdp).toBeInstanceOf(NgCommandError);
    expect(noSdp).toMatchObject({ command: 'offer', result: 'error', reason: 'Failed to parse SDP' });
    await expect(rtpengine.request('no such command')).rejects.toMatchObject({
      reason: 'Unrecognized command',
    });
  });
});
