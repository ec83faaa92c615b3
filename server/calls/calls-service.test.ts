/**
 * The calls component with real peers in this process: Tandem's SIP stack and a real rtpengine, a trunk and
 * two agents' phones that are SIP stacks of their own on loopback, RTP peers sending tones. Covers the
 * call that connects (audio both ways, hold relayed, hang-up from either side, the call record), the hunt
 * (busy, no answer), the caller cancelling, and each refusal a trunk must understand.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRootLogger } from '../shared/logger.js';
import { startTestMediaPlane } from '../sfu/testing/media-plane.fixture.js';
import { mediaAddressOf, RtpPeer } from '../sfu/testing/rtp-peer.fixture.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import type { SipStack } from '../sip/sip-stack.js';
import { portOf, startTestStack } from '../sip/sip-stack.fixture.js';
import { seedDemoTenant } from '../store/seed-demo-tenant.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { CallsService } from './calls-service.js';

type MediaFixture = Awaited<ReturnType<typeof startTestMediaPlane>>;

let store: SqliteStore;
let media: MediaFixture;
let tandem: SipStack;
let calls: CallsService;
let trunk: SipStack;
let carrier: SipStack;
let onCarrierInvite: (invite: IncomingInvite) => void = (invite) => invite.reject(503);
const phones: Record<'alice' | 'bob', { stack: SipStack; answer: (invite: IncomingInvite) => void }> =
  {} as never;
const peers: RtpPeer[] = [];

beforeAll(async () => {
  store = SqliteStore.open(join(mkdtempSync(join(tmpdir(), 'tandem-calls-')), 'tandem.db'));
  seedDemoTenant(store, 'tandem');
  const tenantId = store.tenants.list()[0]!.id;
  store.numbers.upsert({
    e164: '+15550199',
    tenantId,
    label: 'Sales',
    target: { kind: 'queue', name: 'sales' },
  });
  media = await startTestMediaPlane();
  tandem = await startTestStack({ protocols: ['udp'] });
  calls = new CallsService({
    sip: tandem,
    media: media.plane,
    store,
    logger: createRootLogger({ level: 'silent' }),
    ringTimeoutMs: 1_000,
    domain: 'tandem.local',
    recording: {
      trunks: [],
      queues: ['sales'],
      recordingDir: join(media.dataDir, 'recordings'),
      outputDir: join(media.dataDir, 'recordings', 'calls'),
    },
  });
  carrier = await startTestStack({ protocols: ['udp'] });
  carrier.core.onInvite((invite) => onCarrierInvite(invite));
  store.trunks.create({
    tenantId,
    name: 'carrier',
    kind: 'pstn',
    allowedSources: ['127.0.0.3'],
    outboundUri: `sip:127.0.0.1:${portOf(carrier, 'udp')}`,
  });
  await calls.start();
  trunk = await startTestStack({ protocols: ['udp'] });
  for (const name of ['alice', 'bob'] as const) {
    const stack = await startTestStack({ protocols: ['udp'] });
    phones[name] = { stack, answer: (invite) => invite.reject(480) };
    stack.core.onInvite((invite) => phones[name].answer(invite), ['INFO']);
  }
});

afterAll(async () => {
  await calls?.stop();
  await Promise.all(
    [tandem, trunk, carrier, phones.alice?.stack, phones.bob?.stack].map((stack) => stack?.stop()),
  );
  await media?.plane.stop();
  store?.close();
});

afterEach(() => {
  onCarrierInvite = (invite) => invite.reject(503);
  for (const peer of peers.splice(0)) peer.close();
  for (const name of ['alice', 'bob'] as const) {
    tandem.location.replace(name, []);
    phones[name].answer = (invite) => invite.reject(480);
  }
});

/** The agent's phone is registered (the registrar itself is tested with real clients elsewhere). */
function register(name: 'alice' | 'bob'): void {
  const port = portOf(phones[name].stack, 'udp');
  tandem.location.replace(name, [
    {
      aor: name,
      contact: `sip:${name}@127.0.0.1:${port}`,
      callId: `reg-${name}`,
      cseq: 1,
      expiresAt: Date.now() + 600_000,
      registeredAt: Date.now(),
      // The flow id Tandem's UDP transport gives the phone's packets, so that its INVITEs are known as alice's.
      flow: {
        id: `udp:127.0.0.1:${portOf(tandem, 'udp')}>127.0.0.1:${port}`,
        protocol: 'udp',
        local: { host: '127.0.0.1', port: portOf(tandem, 'udp') },
        remote: { host: '127.0.0.1', port },
        reliable: false,
      },
    },
  ]);
}

async function rtpPeer(): Promise<RtpPeer> {
  const peer = await RtpPeer.open();
  peers.push(peer);
  return peer;
}

function call(from: SipStack, body: string, number = '+15550101') {
  return from.dialogs.invite({
    uri: `sip:${number}@127.0.0.1:${portOf(tandem, 'udp')}`,
    from: '"Ada Caller" <sip:+4930111222@127.0.0.1>',
    to: `<sip:${number}@tandem.local>`,
    body,
  });
}

function lastRecord() {
  const [record] = store.calls.changedSince(0, 1_000).slice(-1);
  if (!record) throw new Error('no call record');
  return { record, events: store.calls.events(record.id).map((event) => event.kind) };
}

describe('a trunk call that an agent answers', () => {
  it('carries audio both ways, relays hold, and ends for both when the caller hangs up', async () => {
    register('alice');
    const callerMedia = await rtpPeer();
    const agentMedia = await rtpPeer();
    let offered: IncomingInvite | undefined;
    const agentEnded = new Promise<string>((resolve) => {
      phones.alice.answer = (invite) => {
        offered = invite;
        invite.progress(180);
        const dialog = invite.accept({ body: agentMedia.sdp() });
        dialog.delegate = {
          onTerminated: (reason) => resolve(reason),
          onReinvite: (reinvite) => reinvite.accept({ body: agentMedia.sdp('recvonly') }),
        };
      };
    });
    const outcome = await call(trunk, callerMedia.sdp()).outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
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
    await expect.poll(() => media.plane.remoteCalls().then((all) => all.flatMap((i) => i.calls))).toEqual([]);
    const { record, events } = lastRecord();
    expect(record).toMatchObject({ status: 'completed', endReason: 'caller-hangup', hangupBy: 'caller' });
    expect(record.answeredAt).not.toBeNull();
    expect(events).toEqual(['received', 'offered', 'answered', 'held', 'ended']);
  });

  it('ends for the caller when the agent hangs up', async () => {
    register('alice');
    const agentDialog = new Promise<Dialog>((resolve) => {
      phones.alice.answer = (invite) => resolve(invite.accept({ body: peersSdp(invite) }));
    });
    const outcome = await call(trunk, (await rtpPeer()).sdp()).outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    const callerEnded = new Promise<string>((resolve) => (outcome.dialog.delegate.onTerminated = resolve));
    await (await agentDialog).bye();
    expect(await callerEnded).toBe('remote-bye');
    await expect.poll(() => lastRecord().record.endReason).toBe('callee-hangup');
  });
});

/** An answer SDP for an agent that does not need to hear anything. */
function peersSdp(invite: IncomingInvite): string {
  return invite.request.bodyText.replace(/^o=.*$/m, 'o=agent 1 1 IN IP4 127.0.0.1');
}

describe('a recorded call (queue sales)', () => {
  it('leaves a stereo WAV with the caller left and the agent right, referenced by the call record', async () => {
    register('alice');
    const callerMedia = await rtpPeer();
    const agentMedia = await rtpPeer();
    let offered: IncomingInvite | undefined;
    phones.alice.answer = (invite) => {
      offered = invite;
      invite.accept({ body: agentMedia.sdp() });
    };
    const outcome = await call(trunk, callerMedia.sdp(), '+15550199').outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    await expect.poll(() => lastRecord().events).toContain('recording-started');
    await Promise.all([
      callerMedia.sendTone(mediaAddressOf(outcome.response.bodyText), 50, { toneHz: 440 }),
      agentMedia.sendTone(mediaAddressOf(offered!.request.bodyText), 50, { toneHz: 1000 }),
    ]);
    await outcome.dialog.bye();
    await expect.poll(() => lastRecord().record.recordingRef, { timeout: 5_000 }).toMatch(/\.wav$/);
    const wav = readFileSync(lastRecord().record.recordingRef!);
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
    register('alice');
    register('bob');
    const aliceMedia = await rtpPeer();
    const bobMedia = await rtpPeer();
    let offered: IncomingInvite | undefined;
    phones.bob.answer = (invite) => {
      offered = invite;
      invite.accept({ body: bobMedia.sdp() });
    };
    const outcome = await call(phones.alice.stack, aliceMedia.sdp(), '1002').outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    expect(offered?.request.from.displayName).toBe('Alice Agent');
    await aliceMedia.sendTone(mediaAddressOf(outcome.response.bodyText), 25);
    await bobMedia.sendTone(mediaAddressOf(offered!.request.bodyText), 25);
    expect((await bobMedia.waitForPackets(20)).length).toBeGreaterThanOrEqual(20);
    expect((await aliceMedia.waitForPackets(20)).length).toBeGreaterThanOrEqual(20);
    await outcome.dialog.bye();
    await expect
      .poll(() => lastRecord().record)
      .toMatchObject({ direction: 'internal', endReason: 'caller-hangup' });
  });

  it('to an agent who is offline: 480; to an unknown extension: 404', async () => {
    register('alice');
    expect((await call(phones.alice.stack, (await rtpPeer()).sdp(), '1002').outcome).response.status).toBe(
      480,
    );
    expect((await call(phones.alice.stack, (await rtpPeer()).sdp(), 'nobody').outcome).response.status).toBe(
      404,
    );
  });

  it('to a number: out through the trunk with an outbound route, showing the main number', async () => {
    register('alice');
    let offered: IncomingInvite | undefined;
    onCarrierInvite = (invite) => {
      offered = invite;
      invite.progress(183);
      invite.accept({ body: peersSdp(invite) });
    };
    const outcome = await call(phones.alice.stack, (await rtpPeer()).sdp(), '+4930999888').outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
    expect(offered?.request.uri).toMatchObject({ user: '+4930999888' });
    expect(offered?.request.from.uri).toMatchObject({ user: '+15550100' });
    expect(offered?.request.from.displayName).toBe('Alice Agent');
    const ended = new Promise<string>((resolve) => (outcome.dialog.delegate.onTerminated = resolve));
    await offered!.dialog!.bye();
    expect(await ended).toBe('remote-bye');
    await expect
      .poll(() => lastRecord().record)
      .toMatchObject({ direction: 'outbound', endReason: 'callee-hangup' });
  });

  it('is not offered calls while on one', async () => {
    register('alice');
    register('bob');
    phones.bob.answer = (invite) => invite.accept({ body: peersSdp(invite) });
    onCarrierInvite = (invite) => invite.accept({ body: peersSdp(invite) });
    const outbound = await call(phones.alice.stack, (await rtpPeer()).sdp(), '+4930999888').outcome;
    if (outbound.kind !== 'answered') throw new Error('not answered');
    let aliceRang = false;
    phones.alice.answer = (invite) => {
      aliceRang = true;
      invite.reject(486);
    };
    const inbound = await call(trunk, (await rtpPeer()).sdp()).outcome;
    expect(inbound.kind).toBe('answered');
    expect(aliceRang).toBe(false);
    if (inbound.kind === 'answered') await inbound.dialog.bye();
    await outbound.dialog.bye();
  });
});

describe('blind transfer by REFER from the agent', () => {
  it('moves the caller to another agent, audio follows, and the first agent is released', async () => {
    register('alice');
    const callerMedia = await rtpPeer();
    const bobMedia = await rtpPeer();
    let aliceDialog: Dialog | undefined;
    const notifies: string[] = [];
    const aliceReleased = new Promise<string>((resolve) => {
      phones.alice.answer = (invite) => {
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
    const outcome = await call(trunk, callerMedia.sdp()).outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    register('bob');
    let bobInvite: IncomingInvite | undefined;
    const bobEnded = new Promise<string>((resolve) => {
      phones.bob.answer = (invite) => {
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
    await expect.poll(() => lastRecord().events).toContain('transferred');
    expect(lastRecord().record.endReason).toBe('caller-hangup');
  });

  it('to nobody: the agent is told 404 and keeps the caller', async () => {
    register('alice');
    let aliceDialog: Dialog | undefined;
    const notifies: string[] = [];
    phones.alice.answer = (invite) => {
      aliceDialog = invite.accept({ body: peersSdp(invite) });
      aliceDialog.delegate.onRequest = (request, transaction) => {
        notifies.push(request.bodyText.trim());
        transaction.respond(200);
      };
    };
    const outcome = await call(trunk, (await rtpPeer()).sdp()).outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    const refer = await aliceDialog!.request('REFER', {
      headers: [['Refer-To', '<sip:nobody@tandem.local>']],
    });
    expect(refer.status).toBe(202);
    await expect.poll(() => notifies).toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 404 Not Found']);
    expect(aliceDialog!.state).toBe('confirmed');
    expect(calls.active).toHaveLength(1);
    await outcome.dialog.bye();
  });
});

describe('the hunt', () => {
  it('moves on from a busy agent to the next, and from one who does not answer', async () => {
    register('alice');
    register('bob');
    const rang: string[] = [];
    phones.alice.answer = (invite) => {
      rang.push('alice');
      invite.reject(486);
    };
    phones.bob.answer = (invite) => {
      rang.push('bob');
      invite.progress(180); // and never answers: the ring timeout (1 s) moves on
    };
    const outcome = await call(trunk, (await rtpPeer()).sdp()).outcome;
    expect(rang.sort()).toEqual(['alice', 'bob']);
    expect(outcome.response.status).toBe(480);
    const { record, events } = lastRecord();
    expect(record.endReason).toBe('no-answer');
    expect(events.filter((kind) => kind === 'offer-failed')).toHaveLength(2);
  });

  it('stops ringing the agent when the caller cancels', async () => {
    register('alice');
    const agentCancelled = new Promise<void>((resolve) => {
      phones.alice.answer = (invite) => {
        invite.delegate.onCancel = () => resolve();
        invite.progress(180);
      };
    });
    const invite = call(trunk, (await rtpPeer()).sdp());
    await new Promise<void>((resolve) => (invite.delegate.onProgress = () => resolve()));
    invite.cancel();
    await agentCancelled;
    await expect.poll(() => lastRecord().record.endReason).toBe('caller-cancelled');
  });
});

describe('the media plane failing mid-call', () => {
  it('ends both legs with a BYE and records media-lost; calls work again once rtpengine is back', async () => {
    register('alice');
    const agentEnded = new Promise<string>((resolve) => {
      phones.alice.answer = (invite) => {
        const dialog = invite.accept({ body: peersSdp(invite) });
        dialog.delegate.onTerminated = resolve;
      };
    });
    const outcome = await call(trunk, (await rtpPeer()).sdp()).outcome;
    if (outcome.kind !== 'answered') throw new Error('not answered');
    const callerEnded = new Promise<string>((resolve) => (outcome.dialog.delegate.onTerminated = resolve));
    const firstPid = media.local.process.pid!;
    process.kill(firstPid, 'SIGKILL');
    expect(await callerEnded).toBe('remote-bye');
    expect(await agentEnded).toBe('remote-bye');
    expect(lastRecord().record).toMatchObject({
      endReason: 'media-lost',
      hangupBy: 'system',
      status: 'completed',
    });

    await expect.poll(() => media.plane.health().status, { timeout: 5_000 }).toBe('ok');
    expect(media.local.process.pid).not.toBe(firstPid);
    phones.alice.answer = (invite) => invite.accept({ body: peersSdp(invite) });
    const again = await call(trunk, (await rtpPeer()).sdp()).outcome;
    expect(again.kind).toBe('answered');
    if (again.kind === 'answered') await again.dialog.bye();
  });
});

describe('a caller giving up at once', () => {
  it('is recorded as cancelled, and no agent is left ringing', async () => {
    register('alice');
    let rung: IncomingInvite | undefined;
    phones.alice.answer = (invite) => {
      rung = invite;
      invite.progress(180);
    };
    const invite = call(trunk, (await rtpPeer()).sdp());
    invite.cancel(); // goes out with Tandem's 100 Trying, before or while alice is offered the call
    expect((await invite.outcome).response.status).toBe(487);
    await expect.poll(() => lastRecord().record.endReason).toBe('caller-cancelled');
    await expect.poll(() => rung === undefined || rung.state === 'cancelled').toBe(true);
    expect(calls.active).toHaveLength(0);
  });
});

describe('refusals', () => {
  it('a number nobody has: 404; an offer without our codecs: 488; without SDP: 488', async () => {
    register('alice');
    expect((await call(trunk, (await rtpPeer()).sdp(), '+15559999').outcome).response.status).toBe(404);
    const g729 = (await rtpPeer()).sdp().replace(/m=audio (\d+) RTP\/AVP .*/, 'm=audio $1 RTP/AVP 18');
    expect((await call(trunk, g729.replace(/a=rtpmap:.*\r\n/g, '')).outcome).response.status).toBe(488);
    expect((await call(trunk, '').outcome).response.status).toBe(488);
  });

  it('nobody registered: 480, and the record says so', async () => {
    expect((await call(trunk, (await rtpPeer()).sdp()).outcome).response.status).toBe(480);
    expect(lastRecord().record.endReason).toBe('unavailable');
  });

  it('a source that is no trunk of ours: 403', async () => {
    const stranger = await startTestStack({ protocols: ['udp'], host: '127.0.0.2' });
    try {
      expect((await call(stranger, (await rtpPeer()).sdp()).outcome).response.status).toBe(403);
    } finally {
      await stranger.stop();
    }
  });

  it('the media plane down: 503 with Retry-After, and calls work again once it is back', async () => {
    register('alice');
    phones.alice.answer = (invite) => invite.accept({ body: peersSdp(invite) });
    await media.plane.stop();
    try {
      const refused = await call(trunk, (await rtpPeer()).sdp()).outcome;
      expect(refused.response.status).toBe(503);
      expect(refused.response.headers.get('retry-after')).toBe('30');
    } finally {
      await media.plane.start();
    }
    const outcome = await call(trunk, (await rtpPeer()).sdp()).outcome;
    expect(outcome.kind).toBe('answered');
    if (outcome.kind === 'answered') await outcome.dialog.bye();
  });
});
