/**
 * The calls component with real peers in this process (calls-harness.fixture.ts): the call that connects
 * (audio both ways, hold relayed, hang-up from either side, the call record, recording), calls agents
 * place, blind transfer, the hunt (busy, no answer), the caller cancelling, rtpengine dying mid-call, and
 * each refusal a trunk must understand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mediaAddressOf } from '../sfu/testing/rtp-peer.fixture.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import { startTestStack } from '../sip/sip-stack.fixture.js';
import { peersSdp, useCallsHarness } from './testing/calls-harness.fixture.js';

const h = useCallsHarness();

describe('a trunk call that an agent answers', () => {
  it('carries audio both ways, relays hold, and ends for both when the caller hangs up', async () => {
    h.register('alice');
    const callerMedia = await h.rtpPeer();
    const agentMedia = await h.rtpPeer();
    let offered: IncomingInvite | undefined;
    const agentEnded = new Promise<string>((resolve) => {
      h.phones.alice.answer = (invite) => {
        offered = invite;
        invite.progress(180);
        const dialog = invite.accept({ body: agentMedia.sdp() });
        dialog.delegate = {
          onTerminated: (reason) => resolve(reason),
          onReinvite: (reinvite) => reinvite.accept({ body: agentMedia.sdp('recvonly') }),
        };
      };
    });
    const outcome = await h.call(h.trunk, callerMedia.sdp()).outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    // The call id is for agents' call actions; a trunk is not told it.
    expect(outcome.response.headers.get('X-Tandem-Call-Id')).toBeUndefined();
    expect(offered?.request.from.displayName).toBe('Ada Caller');
    expect(offered?.request.headers.get('x-tandem-call-id')).toMatch(/^[0-9a-f-]{36}$/);

    // The caller sends to rtpengine's address in the answer; the agent to the one in its INVITE.
    await callerMedia.sendTone(mediaAddressOf(outcome.response.bodyText), 25, { toneHz: 440 });
    await agentMedia.sendTone(mediaAddressOf(offered!.request.bodyText), 25, { toneHz: 1000 });
    expect((await agentMedia.waitForPackets(20)).length).toBeGreaterThanOrEqual(20);
    expect((await callerMedia.waitForPackets(20)).length).toBeGreaterThanOrEqual(20);

    const hold = await outcome.dialog.reinvite({ body: callerMedia.sdp('sendonly') });
    expect(hold.status).toBe(200);
    expect(hold.bodyText).toMatch(/a=recvonly/);

    await outcome.dialog.bye();
    expect(await agentEnded).toBe('remote-bye');
    await expect
      .poll(() => h.media.plane.remoteCalls().then((all) => all.flatMap((i) => i.calls)))
      .toEqual([]);
    const { record, events } = h.lastRecord();
    expect(record).toMatchObject({ status: 'completed', endReason: 'caller-hangup', hangupBy: 'caller' });
    expect(record.answeredAt).not.toBeNull();
    expect(events).toEqual(['received', 'offered', 'answered', 'held', 'ended']);
  });

  it('ends for the caller when the agent hangs up', async () => {
    h.register('alice');
    const agentDialog = new Promise<Dialog>((resolve) => {
      h.phones.alice.answer = (invite) => resolve(invite.accept({ body: peersSdp(invite) }));
    });
    const outcome = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    const callerEnded = new Promise<string>((resolve) => (outcome.dialog.delegate.onTerminated = resolve));
    await (await agentDialog).bye();
    expect(await callerEnded).toBe('remote-bye');
    await expect.poll(() => h.lastRecord().record.endReason).toBe('callee-hangup');
  });
});

describe('a recorded call (queue sales)', () => {
  it('leaves a stereo WAV with the caller left and the agent right, referenced by the call record', async () => {
    h.register('alice');
    const callerMedia = await h.rtpPeer();
    const agentMedia = await h.rtpPeer();
    let offered: IncomingInvite | undefined;
    h.phones.alice.answer = (invite) => {
      offered = invite;
      invite.accept({ body: agentMedia.sdp() });
    };
    const outcome = await h.call(h.trunk, callerMedia.sdp(), '+15550199').outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    await expect.poll(() => h.lastRecord().events).toContain('recording-started');
    await Promise.all([
      callerMedia.sendTone(mediaAddressOf(outcome.response.bodyText), 50, { toneHz: 440 }),
      agentMedia.sendTone(mediaAddressOf(offered!.request.bodyText), 50, { toneHz: 1000 }),
    ]);
    await outcome.dialog.bye();
    await expect.poll(() => h.lastRecord().record.recordingRef, { timeout: 5_000 }).toMatch(/\.wav$/);
    const wav = readFileSync(h.lastRecord().record.recordingRef!);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt16LE(22)).toBe(2); // stereo
    const [left, right] = channelLevels(wav.subarray(44));
    expect(left).toBeGreaterThan(500);
    expect(right).toBeGreaterThan(500);
  });
});

/** RMS of each channel of 16-bit stereo PCM. */
function channelLevels(pcm: Buffer): [number, number] {
  const sums = [0, 0];
  const frames = Math.floor(pcm.length / 4);
  for (let frame = 0; frame < frames; frame++) {
    sums[0]! += pcm.readInt16LE(frame * 4) ** 2;
    sums[1]! += pcm.readInt16LE(frame * 4 + 2) ** 2;
  }
  return [Math.sqrt(sums[0]! / frames), Math.sqrt(sums[1]! / frames)];
}

describe('calls an agent places', () => {
  it('to another agent by extension: internal, with audio both ways', async () => {
    h.register('alice');
    h.register('bob');
    const aliceMedia = await h.rtpPeer();
    const bobMedia = await h.rtpPeer();
    let offered: IncomingInvite | undefined;
    h.phones.bob.answer = (invite) => {
      offered = invite;
      invite.accept({ body: bobMedia.sdp() });
    };
    const outcome = await h.call(h.phones.alice.stack, aliceMedia.sdp(), '1002').outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    expect(offered?.request.from.displayName).toBe('Alice Agent');
    // alice's desk learns the call's id from the answer, as bob's does from the INVITE.
    const callId = offered?.request.headers.get('X-Tandem-Call-Id');
    expect(callId).toMatch(/./);
    expect(outcome.response.headers.get('X-Tandem-Call-Id')).toBe(callId);
    await aliceMedia.sendTone(mediaAddressOf(outcome.response.bodyText), 25);
    await bobMedia.sendTone(mediaAddressOf(offered!.request.bodyText), 25);
    expect((await bobMedia.waitForPackets(20)).length).toBeGreaterThanOrEqual(20);
    expect((await aliceMedia.waitForPackets(20)).length).toBeGreaterThanOrEqual(20);
    await outcome.dialog.bye();
    await expect
      .poll(() => h.lastRecord().record)
      .toMatchObject({ direction: 'internal', endReason: 'caller-hangup' });
    // The placing agent is named in the journey by id: she may save her figures for the call.
    const received = h.store.calls
      .events(h.lastRecord().record.id)
      .find((event) => event.kind === 'received');
    expect(received?.data['callerAgentId']).toBe(h.store.agents.findByUsername('demo', 'alice')!.id);
  });

  it('to an agent who is offline: 480; to an unknown extension: 404', async () => {
    h.register('alice');
    expect(
      (await h.call(h.phones.alice.stack, (await h.rtpPeer()).sdp(), '1002').outcome).response.status,
    ).toBe(480);
    expect(
      (await h.call(h.phones.alice.stack, (await h.rtpPeer()).sdp(), 'nobody').outcome).response.status,
    ).toBe(404);
  });

  it('to a number: out through the trunk with an outbound route, showing the main number', async () => {
    h.register('alice');
    let offered: IncomingInvite | undefined;
    h.onCarrierInvite = (invite) => {
      offered = invite;
      invite.progress(183);
      invite.accept({ body: peersSdp(invite) });
    };
    const outcome = await h.call(h.phones.alice.stack, (await h.rtpPeer()).sdp(), '+4930999888').outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    expect(offered?.request.uri).toMatchObject({ user: '+4930999888' });
    expect(offered?.request.from.uri).toMatchObject({ user: '+15550100' });
    expect(offered?.request.from.displayName).toBe('Alice Agent');
    const ended = new Promise<string>((resolve) => (outcome.dialog.delegate.onTerminated = resolve));
    await offered!.dialog!.bye();
    expect(await ended).toBe('remote-bye');
    await expect
      .poll(() => h.lastRecord().record)
      .toMatchObject({ direction: 'outbound', endReason: 'callee-hangup' });
  });

  it('is not offered calls while on one', async () => {
    h.register('alice');
    h.register('bob');
    h.phones.bob.answer = (invite) => invite.accept({ body: peersSdp(invite) });
    h.onCarrierInvite = (invite) => invite.accept({ body: peersSdp(invite) });
    const outbound = await h.call(h.phones.alice.stack, (await h.rtpPeer()).sdp(), '+4930999888').outcome;
    if (outbound.kind !== 'answered') throw new Error('not answered');
    let aliceRang = false;
    h.phones.alice.answer = (invite) => {
      aliceRang = true;
      invite.reject(486);
    };
    const inbound = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    expect(inbound.kind).toBe('answered');
    expect(aliceRang).toBe(false);
    if (inbound.kind === 'answered') await inbound.dialog.bye();
    await outbound.dialog.bye();
  });
});

describe('blind transfer by REFER from the agent', () => {
  it('moves the caller to another agent, audio follows, and the first agent is released', async () => {
    h.register('alice');
    const callerMedia = await h.rtpPeer();
    const bobMedia = await h.rtpPeer();
    let aliceDialog: Dialog | undefined;
    const notifies: string[] = [];
    const aliceReleased = new Promise<string>((resolve) => {
      h.phones.alice.answer = (invite) => {
        aliceDialog = invite.accept({ body: peersSdp(invite) });
        aliceDialog.delegate = {
          onRequest: (request, transaction) => {
            notifies.push(request.bodyText.trim());
            transaction.respond(200);
          },
          onTerminated: resolve,
        };
      };
    });
    const outcome = await h.call(h.trunk, callerMedia.sdp()).outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    h.register('bob');
    let bobInvite: IncomingInvite | undefined;
    const bobEnded = new Promise<string>((resolve) => {
      h.phones.bob.answer = (invite) => {
        bobInvite = invite;
        invite.accept({ body: bobMedia.sdp() }).delegate.onTerminated = resolve;
      };
    });

    const refer = await aliceDialog!.request('REFER', { headers: [['Refer-To', '<sip:1002@tandem.local>']] });
    expect(refer.status).toBe(202);
    expect(await aliceReleased).toBe('remote-bye');
    expect(notifies).toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 200 OK']);
    expect(bobInvite?.request.from.displayName).toBe('Ada Caller');

    // The caller keeps sending where it always did; bob hears it, and the caller hears bob.
    await callerMedia.sendTone(mediaAddressOf(outcome.response.bodyText), 25);
    await bobMedia.sendTone(mediaAddressOf(bobInvite!.request.bodyText), 25);
    expect((await bobMedia.waitForPackets(20)).length).toBeGreaterThanOrEqual(20);
    expect((await callerMedia.waitForPackets(20)).length).toBeGreaterThanOrEqual(20);

    await outcome.dialog.bye();
    expect(await bobEnded).toBe('remote-bye');
    await expect.poll(() => h.lastRecord().events).toContain('transferred');
    expect(h.lastRecord().record.endReason).toBe('caller-hangup');
  });

  it('to nobody: the agent is told 404 and keeps the caller', async () => {
    h.register('alice');
    let aliceDialog: Dialog | undefined;
    const notifies: string[] = [];
    h.phones.alice.answer = (invite) => {
      aliceDialog = invite.accept({ body: peersSdp(invite) });
      aliceDialog.delegate.onRequest = (request, transaction) => {
        notifies.push(request.bodyText.trim());
        transaction.respond(200);
      };
    };
    const outcome = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    const refer = await aliceDialog!.request('REFER', {
      headers: [['Refer-To', '<sip:nobody@tandem.local>']],
    });
    expect(refer.status).toBe(202);
    await expect.poll(() => notifies).toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 404 Not Found']);
    expect(aliceDialog!.state).toBe('confirmed');
    expect(h.calls.active).toHaveLength(1);
    await outcome.dialog.bye();
  });
});

describe('a queue caller', () => {
  it('is offered to the next agent when one refuses and one does not answer, then turned away at the maximum wait', async () => {
    h.register('alice');
    h.register('bob');
    const rang: string[] = [];
    h.phones.alice.answer = (invite) => {
      rang.push('alice');
      invite.reject(486);
    };
    h.phones.bob.answer = (invite) => {
      rang.push('bob');
      invite.progress(180); // and never answers: routing's ring timer (1 s) takes the offer back
    };
    const outcome = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    expect(rang.sort()).toEqual(['alice', 'bob']);
    expect(outcome.response.status).toBe(480);
    const { record, events } = h.lastRecord();
    expect(record.endReason).toBe('no-answer');
    expect(events.filter((kind) => kind === 'offer-failed')).toHaveLength(2);
  });

  it('stops ringing the agent when the caller cancels', async () => {
    h.register('alice');
    const agentCancelled = new Promise<void>((resolve) => {
      h.phones.alice.answer = (invite) => {
        invite.delegate.onCancel = () => resolve();
        invite.progress(180);
      };
    });
    const invite = h.call(h.trunk, (await h.rtpPeer()).sdp());
    await new Promise<void>((resolve) => (invite.delegate.onProgress = () => resolve()));
    invite.cancel();
    await agentCancelled;
    await expect.poll(() => h.lastRecord().record.endReason).toBe('caller-cancelled');
  });
});

describe('the media plane failing mid-call', () => {
  it('ends both legs with a BYE and records media-lost; calls work again once rtpengine is back', async () => {
    h.register('alice');
    const agentEnded = new Promise<string>((resolve) => {
      h.phones.alice.answer = (invite) => {
        const dialog = invite.accept({ body: peersSdp(invite) });
        dialog.delegate.onTerminated = resolve;
      };
    });
    const outcome = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    const callerEnded = new Promise<string>((resolve) => (outcome.dialog.delegate.onTerminated = resolve));
    const firstPid = h.media.local.process.pid!;
    process.kill(firstPid, 'SIGKILL');
    expect(await callerEnded).toBe('remote-bye');
    expect(await agentEnded).toBe('remote-bye');
    expect(h.lastRecord().record).toMatchObject({
      endReason: 'media-lost',
      hangupBy: 'system',
      status: 'completed',
    });

    await expect.poll(() => h.media.plane.health().status, { timeout: 5_000 }).toBe('ok');
    expect(h.media.local.process.pid).not.toBe(firstPid);
    h.phones.alice.answer = (invite) => invite.accept({ body: peersSdp(invite) });
    const again = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    expect(again.kind).toBe('answered');
    if (again.kind === 'answered') await again.dialog.bye();
  });
});

describe('a caller giving up at once', () => {
  it('is recorded as cancelled, and no agent is left ringing', async () => {
    h.register('alice');
    let rung: IncomingInvite | undefined;
    h.phones.alice.answer = (invite) => {
      rung = invite;
      invite.progress(180);
    };
    const invite = h.call(h.trunk, (await h.rtpPeer()).sdp());
    invite.cancel(); // goes out with Tandem's 100 Trying, before or while alice is offered the call
    expect((await invite.outcome).response.status).toBe(487);
    await expect.poll(() => h.lastRecord().record.endReason).toBe('caller-cancelled');
    await expect.poll(() => rung === undefined || rung.state === 'cancelled').toBe(true);
    expect(h.calls.active).toHaveLength(0);
  });
});

describe('refusals', () => {
  it('a number nobody has: 404; an offer without our codecs: 488; without SDP: 488', async () => {
    h.register('alice');
    expect((await h.call(h.trunk, (await h.rtpPeer()).sdp(), '+15559999').outcome).response.status).toBe(404);
    const g729 = (await h.rtpPeer()).sdp().replace(/m=audio (\d+) RTP\/AVP .*/, 'm=audio $1 RTP/AVP 18');
    expect((await h.call(h.trunk, g729.replace(/a=rtpmap:.*\r\n/g, '')).outcome).response.status).toBe(488);
    expect((await h.call(h.trunk, '').outcome).response.status).toBe(488);
  });

  it('nobody registered: 480, and the record says so', async () => {
    expect((await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome).response.status).toBe(480);
    expect(h.lastRecord().record.endReason).toBe('unavailable');
  });

  it('a source that is no trunk of ours: 403', async () => {
    const stranger = await startTestStack({ protocols: ['udp'], host: '127.0.0.2' });
    try {
      expect((await h.call(stranger, (await h.rtpPeer()).sdp()).outcome).response.status).toBe(403);
    } finally {
      await stranger.stop();
    }
  });

  it('the media plane down: 503 with Retry-After, and calls work again once it is back', async () => {
    h.register('alice');
    h.phones.alice.answer = (invite) => invite.accept({ body: peersSdp(invite) });
    await h.media.plane.stop();
    try {
      const refused = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
      expect(refused.response.status).toBe(503);
      expect(refused.response.headers.get('retry-after')).toBe('30');
    } finally {
      await h.media.plane.start();
    }
    const outcome = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    expect(outcome.kind).toBe('answered');
    if (outcome.kind === 'answered') await outcome.dialog.bye();
  });
});
