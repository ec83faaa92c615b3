/**
 * The media plane in `external` mode, against two real rtpengines that it does not run itself:
 * load spread between them, an instance that freezes taken out of use and back, and a first
 * offer that fails over to the other instance.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configSchema } from '../shared/config/config-schema.js';
import { createRootLogger } from '../shared/logger.js';
import { MediaPlaneUnavailableError } from './media-plane-types.js';
import type { MediaPlane } from './media-plane.js';
import { createMediaPlane } from './media-plane-factory.js';
import { RtpengineProcess } from './rtpengine-process.js';
import { freeze } from './testing/freeze.fixture.js';
import { freePortRange } from './testing/test-ports.fixture.js';
import { RtpPeer } from './testing/rtp-peer.fixture.js';

const logger = createRootLogger({ level: 'silent' });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An rtpengine run beside the plane, standing in for one on another machine. */
async function externalRtpengine(): Promise<{ rtpengine: RtpengineProcess; ngPort: number }> {
  const range = await freePortRange();
  const rtpengine = new RtpengineProcess({
    binary: '/usr/bin/rtpengine',
    interface: '127.0.0.1',
    ngHost: '127.0.0.1',
    ...range,
    logLevel: 5,
    startTimeoutMs: 3_000,
    stopTimeoutMs: 500,
    restart: { initialDelayMs: 50, maxDelayMs: 400, stableAfterMs: 10_000 },
    ng: { timeoutMs: 500, retries: 1 },
    logger,
  });
  await rtpengine.start();
  cleanups.push(async () => {
    if (rtpengine.pid) process.kill(rtpengine.pid, 'SIGCONT');
    await rtpengine.stop();
  });
  return { rtpengine, ngPort: range.ngPort };
}

async function externalPlane(ports: readonly number[], healthCheckIntervalMs = 100) {
  const config = configSchema.parse({
    media: {
      rtpengine: {
        mode: 'external',
        instances: ports.map((port) => ({ host: '127.0.0.1', port })),
        ngTimeoutMs: 150,
        ngRetries: 0,
        healthCheckIntervalMs,
        healthCheckFailures: 2,
      },
    },
  });
  const plane = createMediaPlane(config.media, { dataDir: '/nonexistent', logger });
  await plane.start();
  cleanups.push(() => plane.stop());
  return plane;
}

async function startCall(plane: MediaPlane) {
  const [callerRtp, agentRtp] = [await RtpPeer.open(), await RtpPeer.open()];
  cleanups.push(() => {
    callerRtp.close();
    agentRtp.close();
  });
  const session = plane.createSession();
  const caller = session.addLeg();
  const agent = session.addLeg();
  await caller.offer(callerRtp.sdp(), { to: agent });
  await agent.answer(agentRtp.sdp(), { to: caller });
  return session;
}

function callsPerInstance(remote: { instance: string; calls: string[] }[]): number[] {
  return remote.map(({ calls }) => calls.length);
}

describe('media plane with external rtpengines', () => {
  it('spreads sessions over the instances and leaves none behind', async () => {
    const [first, second] = [await externalRtpengine(), await externalRtpengine()];
    const plane = await externalPlane([first.ngPort, second.ngPort]);
    expect(plane.health().status).toBe('ok');

    const sessions = [];
    for (let i = 0; i < 4; i += 1) sessions.push(await startCall(plane));
    expect(callsPerInstance(await plane.remoteCalls())).toEqual([2, 2]);

    await Promise.all(sessions.map((session) => session.close()));
    expect(callsPerInstance(await plane.remoteCalls())).toEqual([0, 0]);
  });

  it('stops using an instance that stops answering, and uses it again when it answers', async () => {
    const [first, second] = [await externalRtpengine(), await externalRtpengine()];
    const plane = await externalPlane([first.ngPort, second.ngPort]);
    const [firstId, secondId] = plane.instances.map((instance) => instance.id);
    const down = vi.fn();
    const up = vi.fn();
    plane.on('instanceDown', down);
    plane.on('instanceUp', up);

    await freeze(first.rtpengine.pid!);
    await vi.waitFor(() => expect(down).toHaveBeenCalledWith(firstId, expect.any(String)), { timeout: 3000 });
    expect(plane.health().status).toBe('ok'); // the other one still serves
    const during = [await startCall(plane), await startCall(plane)];
    expect(during.map((session) => session.instance.id)).toEqual([secondId, secondId]);

    process.kill(first.rtpengine.pid!, 'SIGCONT');
    await vi.waitFor(() => expect(up).toHaveBeenCalledWith(firstId), { timeout: 3000 });
    const after = await startCall(plane); // the emptiest instance takes it
    expect(after.instance.id).toBe(firstId);

    await Promise.all([...during, after].map((session) => session.close()));
    expect(callsPerInstance(await plane.remoteCalls())).toEqual([0, 0]);
  });

  it('moves a new session to another instance when its first offer is not answered', async () => {
    const [first, second] = [await externalRtpengine(), await externalRtpengine()];
    // Health checks far apart: the plane still believes the frozen instance is fine.
    const plane = await externalPlane([first.ngPort, second.ngPort], 60_000);
    const [firstId, secondId] = plane.instances.map((instance) => instance.id);

    await freeze(first.rtpengine.pid!);
    const session = await startCall(plane);
    expect(session.instance.id).toBe(secondId);
    expect(plane.instances.find((instance) => instance.id === firstId)?.isHealthy).toBe(true);

    process.kill(first.rtpengine.pid!, 'SIGCONT');
    // The frozen instance did get the offer; the plane deleted it there, best effort.
    await vi.waitFor(async () => expect(callsPerInstance(await plane.remoteCalls())).toEqual([0, 1]), {
      timeout: 3000,
    });
    await session.close();
    expect(callsPerInstance(await plane.remoteCalls())).toEqual([0, 0]);
  });

  it('refuses new sessions when no instance answers, without failing to start', async () => {
    const { ngPort } = await freePortRange(); // nothing listens there
    const plane = await externalPlane([ngPort]);
    expect(plane.isRunning).toBe(true);
    expect(plane.health().status).toBe('down');
    expect(plane.health().detail).toMatch(/not answering/);
    expect(() => plane.createSession()).toThrow(MediaPlaneUnavailableError);
  });
});
