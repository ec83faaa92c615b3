/**
 * The media plane with its embedded rtpengine, as the calls layer will use it: two legs anchored
 * in rtpengine, G.711 tones sent through it both ways, sessions closed once, rtpengine killed
 * mid-call. Every test ends with rtpengine holding no call.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAlive } from './rtpengine-pid-file.js';
import { MediaLegState, MediaPlaneUnavailableError } from './media-plane-types.js';
import type { MediaPlane } from './media-plane.js';
import { NgCommandError } from './ng/ng-errors.js';
import { RtpengineState } from './rtpengine-process-types.js';
import { mediaAddressOf, mulawLevel, RtpPeer } from './testing/rtp-peer.fixture.js';
import { startTestMediaPlane } from './testing/media-plane.fixture.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const context = await startTestMediaPlane();
  cleanups.push(() => context.plane.stop());
  return context;
}

async function peer(): Promise<RtpPeer> {
  const rtp = await RtpPeer.open();
  cleanups.push(() => rtp.close());
  return rtp;
}

async function expectNothingLeft(plane: MediaPlane) {
  expect(plane.sessionCount).toBe(0);
  expect(await plane.remoteCalls()).toEqual([{ instance: 'local', calls: [] }]);
}

/** A caller and an agent bridged through rtpengine, as a trunk-to-agent call would be. */
async function bridgedCall(plane: MediaPlane) {
  const [callerRtp, agentRtp] = [await peer(), await peer()];
  const session = plane.createSession();
  const caller = session.addLeg({ tag: 'caller-tag', label: 'caller' });
  const agent = session.addLeg({ tag: 'agent-tag', label: 'agent' });
  const toAgent = await caller.offer(callerRtp.sdp(), { to: agent });
  const toCaller = await agent.answer(agentRtp.sdp(), { to: caller });
  return { session, caller, agent, callerRtp, agentRtp, toAgent, toCaller };
}

describe('media plane with the embedded rtpengine', () => {
  it('anchors both legs in rtpengine on 127.0.0.1, in the configured port range', async () => {
    const { plane, range } = await setup();
    const { session, caller, agent, toAgent, toCaller, callerRtp, agentRtp } = await bridgedCall(plane);

    for (const [sdp, original] of [
      [toAgent.sdp, callerRtp.port],
      [toCaller.sdp, agentRtp.port],
    ] as const) {
      const { address, port } = mediaAddressOf(sdp);
      expect(address).toBe('127.0.0.1');
      expect(port).toBeGreaterThanOrEqual(range.portMin);
      expect(port).toBeLessThanOrEqual(range.portMax);
      expect(port).not.toBe(original);
      expect(sdp).toMatch(/^a=rtpmap:0 PCMU\/8000/m);
    }
    expect(caller.state).toBe(MediaLegState.Active);
    expect(agent.state).toBe(MediaLegState.Active);

    const info = await session.query();
    expect(info.tags.map((tag) => tag.tag).sort()).toEqual(['agent-tag', 'caller-tag']);
    expect(await plane.remoteCalls()).toEqual([{ instance: 'local', calls: [session.callId] }]);

    await session.close();
    expect(caller.state).toBe(MediaLegState.Closed);
    expect(agent.state).toBe(MediaLegState.Closed);
    await expectNothingLeft(plane);
  });

  it('carries a G.711 tone from caller to agent and back', async () => {
    const { plane } = await setup();
    const { session, callerRtp, agentRtp, toAgent, toCaller } = await bridgedCall(plane);

    // Each side sends to the address rtpengine gave it in the SDP it received.
    await Promise.all([
      callerRtp.sendTone(mediaAddressOf(toCaller.sdp), 25, { toneHz: 440, ssrc: 0x11111111 }),
      agentRtp.sendTone(mediaAddressOf(toAgent.sdp), 25, { toneHz: 1000, ssrc: 0x22222222 }),
    ]);
    const atAgent = await agentRtp.waitForPackets(20);
    const atCaller = await callerRtp.waitForPackets(20);

    expect(atAgent.length).toBeGreaterThanOrEqual(20);
    expect(atCaller.length).toBeGreaterThanOrEqual(20);
    expect(atAgent.every((packet) => packet.payloadType === 0 && packet.ssrc === 0x11111111)).toBe(true);
    expect(atCaller.every((packet) => packet.ssrc === 0x22222222)).toBe(true);
    expect(mulawLevel(atAgent.map((packet) => packet.payload))).toBeGreaterThan(4000);
    expect(mulawLevel(atCaller.map((packet) => packet.payload))).toBeGreaterThan(4000);

    const counters = (await session.query()).tags.flatMap((tag) =>
      tag.medias.flatMap((media) => media.streams),
    );
    expect(counters.reduce((sum, stream) => sum + stream.packets, 0)).toBeGreaterThanOrEqual(40);
    await session.close();
    await expectNothingLeft(plane);
  });

  it('renegotiates from either side on the same legs (the agent puts the caller on hold)', async () => {
    const { plane } = await setup();
    const { session, caller, agent, callerRtp, agentRtp, toAgent } = await bridgedCall(plane);
    const hold = await agent.offer(agentRtp.sdp('sendonly'), { to: caller });
    expect(hold.sdp).toMatch(/^a=sendonly/m);
    const held = await caller.answer(callerRtp.sdp('recvonly'), { to: agent });
    expect(held.sdp).toMatch(/^a=recvonly/m);
    expect(mediaAddressOf(held.sdp).port).toBe(mediaAddressOf(toAgent.sdp).port); // same anchor port
    expect([caller.state, agent.state]).toEqual([MediaLegState.Active, MediaLegState.Active]);
    expect((await session.query()).tags).toHaveLength(2);
    await session.close();
    await expectNothingLeft(plane);
  });

  it('deletes a session in rtpengine exactly once, however often it is closed', async () => {
    const { plane, local } = await setup();
    const { session, caller } = await bridgedCall(plane);
    const request = vi.spyOn(local, 'request');
    const closed = vi.fn();
    session.on('closed', closed);

    await Promise.all([session.close(), session.close(), caller.close()]);
    await session.close();
    const deletes = request.mock.calls.filter(([command]) => command === 'delete');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]![1]).toMatchObject({
      'call-id': session.callId,
      'from-tag': undefined,
      'delete-delay': 0,
    });
    expect(closed).toHaveBeenCalledTimes(1);
    expect(closed).toHaveBeenCalledWith('closed');
    await expect(caller.offer('v=0', { to: caller })).rejects.toThrow(/closed/);
    await expectNothingLeft(plane);
  });

  it('releases only the old side when the caller is moved to a third leg (a transfer)', async () => {
    const { plane } = await setup();
    const { session, caller, agent, callerRtp } = await bridgedCall(plane);
    const expertRtp = await peer();
    const expert = session.addLeg({ tag: 'expert-tag' });
    const toExpert = await caller.offer(callerRtp.sdp(), { to: expert });
    const toCaller = await expert.answer(expertRtp.sdp(), { to: caller });

    await agent.close();
    expect(session.isClosed).toBe(false);
    expect(session.legs.map((leg) => leg.tag)).toEqual(['caller-tag', 'expert-tag']);
    const streams = new Map(
      (await session.query()).tags.map((tag) => [tag.tag, tag.medias.flatMap((media) => media.streams)]),
    );
    // rtpengine still names the old side, but its ports are released.
    expect(streams.get('agent-tag')?.every((stream) => stream.localPort === 0)).toBe(true);
    expect(streams.get('caller-tag')?.every((stream) => stream.localPort > 0)).toBe(true);

    await Promise.all([
      callerRtp.sendTone(mediaAddressOf(toCaller.sdp), 15),
      expertRtp.sendTone(mediaAddressOf(toExpert.sdp), 15),
    ]);
    expect((await expertRtp.waitForPackets(10)).length).toBeGreaterThanOrEqual(10);
    expect(callerRtp.received.length).toBeGreaterThanOrEqual(10);

    await expert.close(); // rtpengine keeps no call with one side: neither do we
    expect(session.isClosed).toBe(true);
    expect(caller.isClosed).toBe(true);
    await expectNothingLeft(plane);
  });

  it("passes rtpengine's refusal through as NgCommandError (the calls layer answers 488)", async () => {
    const { plane } = await setup();
    const session = plane.createSession();
    const error = await session
      .addLeg()
      .offer('this is not SDP', { to: session.addLeg() })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NgCommandError);
    expect((error as NgCommandError).reason).toBe('Failed to parse SDP');
    await session.close();
    await expectNothingLeft(plane);
  });

  it('reports the sessions of a killed rtpengine lost, refuses new ones meanwhile, then recovers', async () => {
    const { plane, local } = await setup();
    const { session } = await bridgedCall(plane);
    const lost = vi.fn();
    plane.on('sessionLost', lost);
    const firstPid = local.process.pid!;

    process.kill(firstPid, 'SIGKILL');
    await vi.waitFor(() => expect(lost).toHaveBeenCalledWith(session.callId, 'media-plane-lost'), {
      timeout: 3000,
    });
    expect(session.closeReason).toBe('media-plane-lost');
    expect(plane.health().status).toBe('down');
    expect(() => plane.createSession()).toThrow(MediaPlaneUnavailableError);

    await vi.waitFor(() => expect(local.process.state).toBe(RtpengineState.Ready), { timeout: 3000 });
    expect(local.process.pid).not.toBe(firstPid);
    expect(plane.health().status).toBe('ok');
    const again = await bridgedCall(plane);
    expect(mediaAddressOf(again.toAgent.sdp).address).toBe('127.0.0.1');
    await again.session.close();
    await expectNothingLeft(plane);
  });

  it('closes every session and stops rtpengine on stop, leaving no process', async () => {
    const { plane, local } = await setup();
    const calls = [await bridgedCall(plane), await bridgedCall(plane)];
    const pid = local.process.pid!;
    const request = vi.spyOn(local, 'request');

    await plane.stop();
    await plane.stop();
    expect(calls.every(({ session }) => session.closeReason === 'media-plane-stopped')).toBe(true);
    expect(request.mock.calls.filter(([command]) => command === 'delete')).toHaveLength(2);
    expect(plane.sessionCount).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(plane.health()).toEqual({ status: 'down', detail: 'stopped' });
  });

  it('exports up, restarts, sessions and ng latency to Prometheus', async () => {
    const { plane, local, registry } = await setup();
    const { session } = await bridgedCall(plane);
    process.kill(local.process.pid!, 'SIGKILL');
    await vi.waitFor(() => expect(session.isClosed).toBe(true), { timeout: 3000 });
    await vi.waitFor(() => expect(local.isHealthy).toBe(true), { timeout: 3000 });
    const call = await bridgedCall(plane);

    const text = await registry.metrics();
    expect(text).toMatch(/tandem_media_rtpengine_up\{instance="local",node="test"\} 1/);
    expect(text).toMatch(/tandem_media_rtpengine_restarts_total\{instance="local",node="test"\} 1/);
    expect(text).toMatch(/tandem_media_sessions\{instance="local",node="test"\} 1/);
    expect(text).toMatch(/tandem_media_ng_request_seconds_count\{[^}]*command="offer",outcome="ok"\} 2/);
    expect(text).toContain('tandem_media_ng_timeouts_total');
    await call.session.close();
  });
});
