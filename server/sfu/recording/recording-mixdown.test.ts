/**
 * Mixing synthetic recordings down to a WAV, checked by ear (well, by Goertzel): the caller's tone
 * on the left, the agent's on the right, at the right times; gaps, pauses, comfort noise and
 * DTMF events as silence; SSRC changes and capture jitter handled; bad pcaps refused with a typed
 * error and no file left behind.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapFormatError, PcapTruncatedError } from './pcap-reader.js';
import { mixdownRecording } from './recording-mixdown.js';
import { RecordingMixdownError, type RecordingMixdownOptions } from './recording-types.js';
import { inCaptureOrder, readWav, rmsLevel, toneLevel, toneStream } from './testing/audio-check.fixture.js';
import { buildPcap, rtpPacket, type CapturedPacket } from './testing/pcap-writer.fixture.js';

const directory = mkdtempSync(join(tmpdir(), 'tandem-mixdown-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let count = 0;

function pcapFile(packets: readonly CapturedPacket[], bytes = buildPcap(packets)): string {
  const path = join(directory, `segment-${(count += 1)}.pcap`);
  writeFileSync(path, bytes);
  return path;
}

function mixdown(pcaps: string[], options: Partial<RecordingMixdownOptions> = {}) {
  return mixdownRecording({ pcaps, output: join(directory, `call-${(count += 1)}.wav`), ...options });
}

const T0 = 1_795_554_235_000_000;
const callerPhone = { address: '192.0.2.10', port: 40000 };
const agentPhone = { address: '127.0.0.1', port: 46000 };
/** rtpengine's ports for each party: where their media arrives, so where the pcap says it goes. */
const toCallerPort = { address: '127.0.0.1', port: 20000 };
const toAgentPort = { address: '127.0.0.1', port: 20010 };

function callerTone(startMs: number, packets: number, extra: Partial<Parameters<typeof toneStream>[0]> = {}) {
  return toneStream({
    hz: 440,
    startUs: T0 + startMs * 1000,
    packets,
    ssrc: 0x11111111,
    source: callerPhone,
    destination: toCallerPort,
    ...extra,
  });
}

function agentTone(startMs: number, packets: number, extra: Partial<Parameters<typeof toneStream>[0]> = {}) {
  return toneStream({
    hz: 1000,
    law: 'alaw',
    startUs: T0 + startMs * 1000,
    packets,
    ssrc: 0x22222222,
    source: agentPhone,
    destination: toAgentPort,
    ...extra,
  });
}

describe('recording mixdown', () => {
  it('puts the caller on the left and the agent on the right, in time, as a 16-bit 8 kHz WAV', async () => {
    // The agent answers 200 ms after the caller starts talking.
    const pcap = pcapFile(inCaptureOrder(callerTone(0, 50), agentTone(200, 40)));
    const result = await mixdown([pcap], { callerPorts: [toCallerPort.port] });

    const wav = readWav(result.output);
    expect(wav).toMatchObject({ format: 1, channels: 2, sampleRate: 8000, bitsPerSample: 16 });
    const [left, right] = wav.samples as [Int16Array, Int16Array];
    expect(result.durationMs).toBe(1000);
    expect(left.length).toBe(8000);
    expect(toneLevel(left, 440, 50, 950)).toBeGreaterThan(7000);
    expect(toneLevel(left, 1000, 50, 950)).toBeLessThan(300);
    expect(toneLevel(right, 1000, 250, 950)).toBeGreaterThan(7000);
    expect(toneLevel(right, 440, 250, 950)).toBeLessThan(300);
    expect(rmsLevel(right, 0, 195)).toBe(0); // the agent had not answered yet
    expect(result.startedAtMs).toBe(T0 / 1000);
    expect(result.channels.map((channel) => channel.name)).toEqual(['caller', 'agent']);
    // A sine of amplitude 8000 is -15.2 dBFS RMS, -12.3 dBFS peak.
    expect(result.channels[0]!.level.rmsDbfs).toBeCloseTo(-15.2, 0);
    expect(result.channels[0]!.level.peakDbfs).toBeCloseTo(-12.3, 0);
    expect(result.streams.map((stream) => [stream.party, stream.ssrc, stream.packets, stream.lost])).toEqual([
      ['caller', 0x11111111, 50, 0],
      ['agent', 0x22222222, 40, 0],
    ]);
    expect(result.streams[1]!.payloadTypes).toEqual({ 8: 40 });
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('assigns channels by the caller ports it is told, whoever spoke first', async () => {
    const pcap = pcapFile(inCaptureOrder(callerTone(100, 10), agentTone(0, 10)));
    const told = await mixdown([pcap], { callerPorts: [toCallerPort.port] });
    expect(told.streams.map((stream) => stream.party)).toEqual(['agent', 'caller']);
    const [left] = readWav(told.output).samples as [Int16Array];
    expect(toneLevel(left, 440, 120, 280)).toBeGreaterThan(7000);
    // Not told: the first port heard is taken for the caller's (here wrongly, as documented).
    const guessed = await mixdown([pcap]);
    expect(guessed.streams.map((stream) => stream.party)).toEqual(['caller', 'agent']);
  });

  it('mixes both parties into one channel in mono', async () => {
    const pcap = pcapFile(inCaptureOrder(callerTone(0, 25), agentTone(0, 25)));
    const result = await mixdown([pcap], { layout: 'mono' });
    const wav = readWav(result.output);
    expect(wav.channels).toBe(1);
    expect(toneLevel(wav.samples[0]!, 440, 20, 480)).toBeGreaterThan(7000);
    expect(toneLevel(wav.samples[0]!, 1000, 20, 480)).toBeGreaterThan(7000);
    expect(result.channels.map((channel) => channel.name)).toEqual(['mix']);
  });

  it('renders a gap in the packets as silence and picks the tone up again in time', async () => {
    // 0.5 s of tone, 0.5 s of nothing (silence suppression: timestamps move on), 0.5 s of tone.
    const before = callerTone(0, 25);
    const after = callerTone(1000, 25, { firstSequence: 1025, firstTimestamp: 50_000 + 50 * 160 });
    const result = await mixdown([pcapFile([...before, ...after])]);
    const [left] = readWav(result.output).samples as [Int16Array];
    expect(result.durationMs).toBe(1500);
    expect(toneLevel(left, 440, 20, 480)).toBeGreaterThan(7000);
    expect(rmsLevel(left, 510, 990)).toBe(0);
    expect(toneLevel(left, 440, 1020, 1480)).toBeGreaterThan(7000);
  });

  it('joins the segments of a paused recording in time order, with the pause silent', async () => {
    const first = pcapFile(inCaptureOrder(callerTone(0, 25), agentTone(0, 25)));
    // Resumed 1 s later; RTP timestamps went on through the pause, as a real phone's do.
    const resumed = { firstSequence: 1075, firstTimestamp: 50_000 + 75 * 160 };
    const second = pcapFile(inCaptureOrder(callerTone(1500, 25, resumed), agentTone(1500, 25, resumed)));
    const result = await mixdown([second, first], { callerPorts: [toCallerPort.port] });
    const [left, right] = readWav(result.output).samples as [Int16Array, Int16Array];
    expect(result.segments.map((segment) => segment.path)).toEqual([first, second]);
    expect(result.pauses).toEqual([{ startMs: 480, endMs: 1500 }]);
    for (const channel of [left, right]) expect(rmsLevel(channel, 510, 1490)).toBe(0);
    expect(toneLevel(left, 440, 1520, 1980)).toBeGreaterThan(7000);
    expect(toneLevel(right, 1000, 1520, 1980)).toBeGreaterThan(7000);
    expect(result.durationMs).toBe(2000);
  });

  it('follows a new SSRC on the same port (a transfer) without overlapping the old one', async () => {
    const agent = agentTone(0, 25);
    const expert = toneStream({
      hz: 700,
      startUs: T0 + 500_000,
      packets: 25,
      ssrc: 0x33333333,
      source: { address: '127.0.0.1', port: 47000 },
      destination: toAgentPort,
      firstSequence: 9,
      firstTimestamp: 123,
    });
    const result = await mixdown([pcapFile([...callerTone(0, 1), ...agent, ...expert])], {
      callerPorts: [toCallerPort.port],
    });
    const [, right] = readWav(result.output).samples as [Int16Array, Int16Array];
    expect(toneLevel(right, 1000, 20, 480)).toBeGreaterThan(7000);
    expect(toneLevel(right, 700, 520, 980)).toBeGreaterThan(7000);
    expect(toneLevel(right, 1000, 520, 980)).toBeLessThan(300);
    expect(result.streams.filter((stream) => stream.party === 'agent').map((stream) => stream.ssrc)).toEqual([
      0x22222222, 0x33333333,
    ]);
  });

  it('places audio by RTP timestamp, so capture jitter leaves no holes or overlaps', async () => {
    const jittery = callerTone(0, 50, { jitterUs: (index) => ((index * 7919) % 30) * 1000 });
    const shuffled = [...jittery].sort((a, b) => a.timeUs - b.timeUs);
    const result = await mixdown([pcapFile(shuffled)]);
    const [left] = readWav(result.output).samples as [Int16Array];
    for (let ms = 20; ms < 980; ms += 20) expect(toneLevel(left, 440, ms, ms + 20)).toBeGreaterThan(7000);
  });

  it('renders comfort noise and DTMF events as silence, ignores RTCP and duplicates', async () => {
    const tone = callerTone(0, 20);
    const event = (index: number): CapturedPacket => ({
      timeUs: T0 + 400_000 + index * 20_000,
      source: callerPhone,
      destination: toCallerPort,
      payload: rtpPacket({
        payloadType: 101,
        sequence: 1020 + index,
        timestamp: 50_000 + 20 * 160,
        ssrc: 0x11111111,
        payload: Buffer.from([5, 0x0a, 0, 160 * (index + 1)]),
      }),
    });
    const comfortNoise: CapturedPacket = {
      ...event(5),
      payload: rtpPacket({
        payloadType: 13,
        sequence: 1025,
        timestamp: 50_000 + 25 * 160,
        ssrc: 0x11111111,
        payload: Buffer.from([40]),
      }),
    };
    const rtcp: CapturedPacket = {
      ...event(6),
      payload: Buffer.from('81c90007deadbeef0000000000000000', 'hex'),
    };
    const tail = callerTone(520, 10, { firstSequence: 1026, firstTimestamp: 50_000 + 26 * 160 });
    const packets = [...tone, tone[3]!, ...[0, 1, 2, 3, 4].map(event), comfortNoise, rtcp, ...tail];
    const result = await mixdown([pcapFile(packets.sort((a, b) => a.timeUs - b.timeUs))]);
    const [left] = readWav(result.output).samples as [Int16Array];
    expect(toneLevel(left, 440, 20, 380)).toBeGreaterThan(7000);
    expect(rmsLevel(left, 400, 520)).toBe(0);
    expect(toneLevel(left, 440, 520, 720)).toBeGreaterThan(7000);
    const [stream] = result.streams;
    expect(stream).toMatchObject({ packets: 36, duplicates: 1, undecoded: 6, lost: 0 });
    expect(stream!.payloadTypes).toEqual({ 0: 31, 101: 5, 13: 1 });
    expect(result.skipped.notRtp).toBe(1);
  });

  it('refuses garbage and cut pcaps with a typed error, leaving no file behind', async () => {
    const good = pcapFile(callerTone(0, 10));
    const garbage = pcapFile([], Buffer.from('RIFF....WAVEfmt not a capture at all'));
    const whole = buildPcap(callerTone(0, 10));
    const cut = pcapFile([], whole.subarray(0, whole.length - 50));
    const output = join(directory, 'refused.wav');

    await expect(mixdownRecording({ pcaps: [good, garbage], output })).rejects.toBeInstanceOf(
      PcapFormatError,
    );
    await expect(mixdownRecording({ pcaps: [cut], output })).rejects.toBeInstanceOf(PcapTruncatedError);
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(directory).filter((name) => name.includes('refused'))).toEqual([]);

    const tolerant = await mixdownRecording({ pcaps: [cut], output, allowTruncated: true });
    expect(tolerant.segments[0]).toMatchObject({ records: 9, truncated: true });
    expect(toneLevel(readWav(output).samples[0]!, 440, 0, 180)).toBeGreaterThan(7000);
  });

  it('says why it could not produce a file', async () => {
    const failureOf = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);
    const noPcaps = await failureOf(mixdown([]));
    expect(noPcaps).toBeInstanceOf(RecordingMixdownError);
    expect((noPcaps as RecordingMixdownError).failure).toBe('no-pcaps');

    const long = await failureOf(mixdown([pcapFile(callerTone(0, 100))], { maxDurationMs: 1000 }));
    expect((long as RecordingMixdownError).failure).toBe('too-long');

    const nowhere = join(directory, 'no-such-dir', 'call.wav');
    const unwritable = await failureOf(
      mixdownRecording({ pcaps: [pcapFile(callerTone(0, 1))], output: nowhere }),
    );
    expect((unwritable as RecordingMixdownError).failure).toBe('write-failed');
  });

  it('replaces an existing file only once the new one is complete', async () => {
    const output = join(directory, 'replaced.wav');
    writeFileSync(output, 'old recording');
    const result = await mixdownRecording({ pcaps: [pcapFile(callerTone(0, 5))], output });
    expect(readWav(output).samples[0]!.length).toBe(800);
    expect(result.durationMs).toBe(100);
  });

  it('writes an empty but valid WAV for a recording that caught no packet', async () => {
    const result = await mixdown([pcapFile([])]);
    expect(result).toMatchObject({ durationMs: 0, startedAtMs: null, pauses: [] });
    expect(readWav(result.output).samples[0]!.length).toBe(0);
  });
});
