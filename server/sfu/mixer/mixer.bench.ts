/**
 * How many 3-party conferences one core mixes in real time. K conferences run in this process;
 * a forked driver process stands in for rtpengine: it feeds every party a PCMU tone over UDP on
 * loopback (20 ms packets) and takes the mixed packets back. This process's CPU time is then
 * the mixers' whole cost: receiving, jitter buffers, decoding, summing, encoding and sending.
 * Printed per K: CPU share of one core, the mixers' tick time, the share of the packets due that
 * the mixers took in, sent, and the driver got back, and the estimate K / CPU share of conferences
 * per core, for runs that kept real time (99% of packets). The driver does as much UDP work as the
 * mixers, so on a 2-core machine it saturates first: raise K only while every share stays at 99%.
 *
 *   npx tsx server/sfu/mixer/mixer.bench.ts [K ...] [--seconds=3]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { createRootLogger } from '../../shared/logger.js';
import { ConferenceMixer } from './conference-mixer.js';
import type { MixerObserver, MixerTickReport } from './conference-mixer-types.js';
import { FrameTicker } from './frame-ticker.js';
import { encodeG711, PCMU } from './g711.js';
import { FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE } from './mix-bus.js';
import { writeRtp } from './rtp-packet.js';

const PARTIES = 3;

type ToDriver = { kind: 'feed'; ports: number[] } | { kind: 'count' } | { kind: 'stop' };
type FromDriver = { kind: 'ready'; port: number } | { kind: 'count'; received: number };

async function bindSocket(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

/** Ten frames of a tone, so that the mix is not all one payload. */
function toneFrames(hz: number): Uint8Array[] {
  return Array.from({ length: 10 }, (_, frame) => {
    const samples = Int16Array.from({ length: FRAME_SAMPLES }, (_, index) =>
      Math.round(6000 * Math.sin((2 * Math.PI * hz * (frame * FRAME_SAMPLES + index)) / SAMPLE_RATE)),
    );
    const payload = new Uint8Array(FRAME_SAMPLES);
    encodeG711(samples, PCMU, payload);
    return payload;
  });
}

/** The forked process: rtpengine's stand-in. */
async function driver(): Promise<void> {
  const send = (message: FromDriver) => process.send?.(message);
  const socket = await bindSocket();
  let received = 0;
  socket.on('message', () => (received += 1));
  const tones = [400, 1000, 2500].map(toneFrames);
  let ticker: FrameTicker | null = null;
  process.on('message', (message: ToDriver) => {
    if (message.kind === 'feed') {
      let frame = 0;
      ticker = new FrameTicker(() => {
        message.ports.forEach((port, index) => {
          const payload = tones[index % PARTIES]![frame % 10]!;
          const header = { payloadType: PCMU, marker: false, sequence: frame & 0xffff, ssrc: index + 1 };
          socket.send(writeRtp({ ...header, timestamp: frame * FRAME_SAMPLES }, payload), port, '127.0.0.1');
        });
        frame += 1;
      });
      ticker.start();
    } else if (message.kind === 'count') {
      send({ kind: 'count', received });
    } else {
      ticker?.stop();
      socket.close();
      process.disconnect();
    }
  });
  send({ kind: 'ready', port: socket.address().port });
}

function nextMessage<K extends FromDriver['kind']>(child: ChildProcess, kind: K) {
  return new Promise<Extract<FromDriver, { kind: K }>>((resolve) => {
    const listener = (message: FromDriver) => {
      if (message.kind !== kind) return;
      child.off('message', listener);
      resolve(message as Extract<FromDriver, { kind: K }>);
    };
    child.on('message', listener);
  });
}

class TickTimes implements MixerObserver {
  readonly seconds: number[] = [];
  packetsIn = 0;
  packetsOut = 0;
  tickFinished(report: MixerTickReport): void {
    this.seconds.push(report.seconds);
    this.packetsIn += report.packetsIn;
    this.packetsOut += report.packetsOut;
  }
  participantsChanged(): void {}
  restart(): void {
    this.seconds.length = 0;
    this.packetsIn = this.packetsOut = 0;
  }
}

/** Below this share of the packets due, the run is not real time: its CPU figure means nothing. */
const COMPLETE = 0.99;

/** Conferences one core could carry, or null when this run did not keep up. */
async function run(conferences: number, seconds: number): Promise<number | null> {
  const child = fork(fileURLToPath(import.meta.url), ['--driver'], { execArgv: process.execArgv });
  const { port } = await nextMessage(child, 'ready');
  const logger = createRootLogger({ level: 'silent' });
  const times = new TickTimes();
  const mixers: ConferenceMixer[] = [];
  const ports: number[] = [];
  for (let index = 0; index < conferences; index += 1) {
    const mixer = new ConferenceMixer({ id: `bench-${index}`, logger, observer: times });
    mixers.push(mixer);
    for (let party = 0; party < PARTIES; party += 1) {
      const participant = await mixer.addParticipant({
        id: `p${party}`,
        remote: { address: '127.0.0.1', port },
      });
      ports.push(participant.port);
    }
  }
  const send = (message: ToDriver) => child.send(message);
  send({ kind: 'feed', ports });
  await new Promise((resolve) => setTimeout(resolve, 500)); // jitter buffers full, code warmed up
  send({ kind: 'count' });
  const before = (await nextMessage(child, 'count')).received;
  times.restart();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  send({ kind: 'count' });
  const delivered = (await nextMessage(child, 'count')).received - before;
  send({ kind: 'stop' });
  await Promise.all(mixers.map((mixer) => mixer.close()));

  const cpuShare = (cpu.user + cpu.system) / 1000 / wallMs;
  const sorted = [...times.seconds].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
  const due = (conferences * PARTIES * wallMs) / FRAME_MS;
  const shares = [times.packetsIn / due, times.packetsOut / due, delivered / due];
  const realTime = shares.every((share) => share >= COMPLETE);
  const perCore = Math.floor(conferences / cpuShare);
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  console.log(
    [
      `K=${String(conferences).padStart(4)}`,
      `CPU ${percent(cpuShare).padStart(6)} of one core`,
      `tick ${(mean * 1e6).toFixed(1)} µs mean, ${(p99 * 1e6).toFixed(1)} µs p99 per conference`,
      `packets in/out/back ${shares.map(percent).join('/')}`,
      realTime
        ? `=> ~${perCore} conferences per core`
        : 'not real time (driver or mixer saturated): no figure',
    ].join(' | '),
  );
  return realTime ? perCore : null;
}

if (process.argv.includes('--driver')) {
  await driver();
} else {
  const args = process.argv.slice(2);
  const seconds = Number(args.find((arg) => arg.startsWith('--seconds='))?.split('=')[1] ?? 3);
  const counts = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
  console.log(`3-party G.711 conferences mixed in one Node ${process.version} process, ${seconds} s per K`);
  const figures: number[] = [];
  for (const conferences of counts.length > 0 ? counts : [25, 50, 100]) {
    const figure = await run(conferences, seconds);
    if (figure !== null) figures.push(figure);
  }
  const best = figures.length > 0 ? `~${Math.max(...figures)}` : 'no real-time run';
  console.log(`3-party conferences per core, mixer process alone (receive, mix, send): ${best}`);
}
