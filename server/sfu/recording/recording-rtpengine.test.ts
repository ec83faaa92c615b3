/**
 * A real call recorded by the real rtpengine 10.5 and mixed down: a caller and an agent (RTP tone
 * peers, 440 Hz and 1000 Hz) talk through the embedded media plane without a break while the
 * agent starts the recording, pauses it (a card payment), resumes and stops it. The WAV must hold
 * each voice in its own channel and nothing of the paused part.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaPlane } from '../media-plane.js';
import { mediaAddressOf, RtpPeer } from '../testing/rtp-peer.fixture.js';
import { startTestMediaPlane } from '../testing/media-plane.fixture.js';
import { findCallRecording, recordingPortsOf } from './recording-files.js';
import { mixdownRecording } from './recording-mixdown.js';
import { readWav, rmsLevel, toneLevel } from './testing/audio-check.fixture.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function peer(): Promise<RtpPeer> {
  const rtp = await RtpPeer.open();
  cleanups.push(() => rtp.close());
  return rtp;
}

async function expectNothingLeft(plane: MediaPlane) {
  expect(await plane.remoteCalls()).toEqual([{ instance: 'local', calls: [] }]);
}

describe('recording a real call through rtpengine', () => {
  it('gives one WAV with the caller left, the agent right and the paused part silent', async () => {
    const { plane, dataDir } = await startTestMediaPlane();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    cleanups.push(() => plane.stop());
    const [callerRtp, agentRtp] = [await peer(), await peer()];
    const session = plane.createSession();
    const caller = session.addLeg({ tag: 'caller-tag', label: 'caller' });
    const agent = session.addLeg({ tag: 'agent-tag', label: 'agent' });
    const toAgent = await caller.offer(callerRtp.sdp(), { to: agent });
    const toCaller = await agent.answer(agentRtp.sdp(), { to: caller });
    const callerPorts = recordingPortsOf(await session.query(), 'caller-tag');
    expect(callerPorts).toContain(mediaAddressOf(toCaller.sdp).port);

    // Both talk for 2.2 s; the recording runs 0.6 s, pauses 0.6 s, runs 0.6 s more.
    const talking = Promise.all([
      callerRtp.sendTone(mediaAddressOf(toCaller.sdp), 110, { toneHz: 440, ssrc: 0x11111111 }),
      agentRtp.sendTone(mediaAddressOf(toAgent.sdp), 110, { toneHz: 1000, ssrc: 0x22222222 }),
    ]);
    await sleep(100);
    await session.startRecording();
    await sleep(600);
    await session.pauseRecording();
    await sleep(600);
    await session.startRecording();
    await sleep(600);
    await session.stopRecording();
    await talking;
    await session.close();
    await expectNothingLeft(plane);

    const files = await findCallRecording(join(dataDir, 'recordings'), session.callId);
    expect(files.open).toEqual([]);
    expect(files.pcaps).toHaveLength(2);
    const output = join(dataDir, `${session.callId}.wav`);
    const result = await mixdownRecording({ pcaps: files.pcaps, output, callerPorts });

    const [first, second] = result.segments;
    expect(result.pauses).toHaveLength(1);
    const [pause] = result.pauses;
    expect(pause!.endMs - pause!.startMs).toBeGreaterThan(450);
    expect(pause!.endMs - pause!.startMs).toBeLessThan(900);
    expect(result.durationMs).toBeGreaterThan(1500);
    expect(result.durationMs).toBeLessThan(2500);

    const wav = readWav(output);
    expect(wav).toMatchObject({ channels: 2, sampleRate: 8000, bitsPerSample: 16 });
    const [left, right] = wav.samples as [Int16Array, Int16Array];
    for (const segment of [first!, second!]) {
      const [from, to] = [segment.startMs + 40, segment.startMs + 400];
      expect(toneLevel(left, 440, from, to)).toBeGreaterThan(4000);
      expect(toneLevel(left, 1000, from, to)).toBeLessThan(400);
      expect(toneLevel(right, 1000, from, to)).toBeGreaterThan(4000);
      expect(toneLevel(right, 440, from, to)).toBeLessThan(400);
    }
    // The paused part: rtpengine wrote none of it, the WAV keeps its length in silence.
    expect(rmsLevel(left, pause!.startMs + 30, pause!.endMs - 5)).toBe(0);
    expect(rmsLevel(right, pause!.startMs + 30, pause!.endMs - 5)).toBe(0);

    const byParty = (party: string) => result.streams.filter((stream) => stream.party === party);
    expect(byParty('caller').map((stream) => stream.ssrc)).toEqual([0x11111111, 0x11111111]);
    expect(byParty('agent').map((stream) => stream.ssrc)).toEqual([0x22222222, 0x22222222]);
    const recorded = byParty('caller').reduce((sum, stream) => sum + stream.packets, 0);
    expect(recorded).toBeGreaterThan(40); // two stretches of about 0.6 s at 50 packets a second
    expect(recorded).toBeLessThan(80); // nothing from before the start, the pause or after the stop
    expect(result.channels.every((channel) => channel.level.rmsDbfs > -25)).toBe(true);
  });
});
