/**
 * Blind transfer asked through the API (BridgedCall.transferTo, behind POST /api/calls/transfer), with real
 * peers (calls-harness.fixture.ts): the agent sends no REFER and gets no NOTIFY; the caller's audio follows
 * to the new party, the agent's leg gets a BYE, and the call record says transferred. Then what does not
 * transfer: an unknown target (404) and a target who refuses (its status) leave the call as it was; a call
 * still ringing cannot be transferred (409).
 */
import { describe, expect, it } from 'vitest';
import { mediaAddressOf, type RtpPacket, type RtpPeer } from '../sfu/testing/rtp-peer.fixture.js';
import { toneShare } from '../sfu/testing/srtp-peer.fixture.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { DialogEndReason } from '../sip/dialog/dialog-types.js';
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import { formatUri } from '../sip/message/index.js';
import type { BridgedCall } from './bridged-call.js';
import { useCallsHarness } from './testing/calls-harness.fixture.js';

const h = useCallsHarness();
const agentIdOf = (username: string) => h.store.agents.findByUsername('demo', username)!.id;

const CALLER_HZ = 1_000;
const ALICE_HZ = 440;
const BOB_HZ = 660;

/** The voice (PCMU) payloads a peer received since `mark` (an index into its packets). */
const voiceSince = (peer: RtpPeer, mark: number): Buffer[] =>
  peer.received
    .slice(mark)
    .filter((packet: RtpPacket) => packet.payloadType === 0)
    .map((packet) => packet.payload);

/** `from` talks (25 packets of its tone) and `to` must hear that tone: at least 20 packets, nearly pure. */
async function heard(from: RtpPeer, fromSendsTo: string, to: RtpPeer, toneHz: number) {
  const mark = to.received.length;
  await from.sendTone(mediaAddressOf(fromSendsTo), 25, { toneHz });
  await expect.poll(() => voiceSince(to, mark).length).toBeGreaterThanOrEqual(20);
  expect(toneShare(voiceSince(to, mark), toneHz)).toBeGreaterThan(0.8);
}

/** A trunk call to the support number that alice answers; her phone records what it is sent. */
async function callAnsweredByAlice() {
  h.register('alice');
  const callerMedia = await h.rtpPeer();
  const aliceMedia = await h.rtpPeer();
  const aliceRequests: string[] = [];
  let aliceInvite: IncomingInvite | undefined;
  let aliceDialog: Dialog | undefined;
  const aliceEnded = new Promise<DialogEndReason>((resolve) => {
    h.phones.alice.answer = (invite) => {
      aliceInvite = invite;
      aliceDialog = invite.accept({ body: aliceMedia.sdp() });
      aliceDialog.delegate = {
        onRequest: (request, transaction) => {
          aliceRequests.push(request.method);
          transaction.respond(200);
        },
        onTerminated: resolve,
      };
    };
  });
  const outcome = await h.call(h.trunk, callerMedia.sdp()).outcome;
  if (outcome.kind !== 'answered') throw new Error(`not answered: ${outcome.response.status}`);
  const call = h.calls.active[0] as BridgedCall;
  // Before the transfer: the caller and alice hear each other.
  await heard(callerMedia, outcome.response.bodyText, aliceMedia, CALLER_HZ);
  await heard(aliceMedia, aliceInvite!.request.bodyText, callerMedia, ALICE_HZ);
  return {
    outcome,
    call,
    callerMedia,
    aliceMedia,
    aliceInvite: aliceInvite!,
    aliceDialog: aliceDialog!,
    aliceEnded,
    aliceRequests,
  };
}

async function expectNoMediaSessions(): Promise<void> {
  await expect
    .poll(() => h.media.plane.remoteCalls().then((all) => all.flatMap((instance) => instance.calls)))
    .toEqual([]);
}

describe('blind transfer through the API', () => {
  it('moves the caller to bob: audio follows, alice gets a BYE and no NOTIFY, the record says transferred', async () => {
    const { outcome, call, callerMedia, aliceEnded, aliceRequests } = await callAnsweredByAlice();
    h.register('bob');
    const bobMedia = await h.rtpPeer();
    let bobInvite: IncomingInvite | undefined;
    const bobEnded = new Promise<DialogEndReason>((resolve) => {
      h.phones.bob.answer = (invite) => {
        bobInvite = invite;
        invite.accept({ body: bobMedia.sdp() }).delegate.onTerminated = resolve;
      };
    });

    expect(await call.transferTo('1002')).toBe(200);
    expect(await aliceEnded).toBe('remote-bye');
    expect(aliceRequests).toEqual([]);
    expect(bobInvite?.request.from.displayName).toBe('Ada Caller');

    // The caller keeps sending where it always did: bob hears the caller's tone, the caller hears bob's.
    await heard(callerMedia, outcome.response.bodyText, bobMedia, CALLER_HZ);
    await heard(bobMedia, bobInvite!.request.bodyText, callerMedia, BOB_HZ);

    await outcome.dialog.bye();
    expect(await bobEnded).toBe('remote-bye');
    await expect.poll(() => h.lastRecord().record.status).toBe('completed');
    const { record, events } = h.lastRecord();
    expect(record).toMatchObject({ endReason: 'caller-hangup', hangupBy: 'caller' });
    expect(events).toEqual(['received', 'offered', 'answered', 'transferred', 'ended']);
    const transferred = h.store.calls.events(record.id).find((event) => event.kind === 'transferred');
    expect(transferred?.data).toEqual({ to: '1002', by: 'api', agentId: agentIdOf('bob') });
    await expectNoMediaSessions();
  });

  it('moves the caller to a number through the outbound trunk, with audio both ways', async () => {
    const { outcome, call, callerMedia, aliceEnded } = await callAnsweredByAlice();
    const carrierMedia = await h.rtpPeer();
    let carrierInvite: IncomingInvite | undefined;
    h.onCarrierInvite = (invite) => {
      carrierInvite = invite;
      invite.accept({ body: carrierMedia.sdp() });
    };

    expect(await call.transferTo('+15550123')).toBe(200);
    expect(formatUri(carrierInvite!.request.uri)).toContain('+15550123');
    expect(await aliceEnded).toBe('remote-bye');
    await heard(callerMedia, outcome.response.bodyText, carrierMedia, CALLER_HZ);
    await heard(carrierMedia, carrierInvite!.request.bodyText, callerMedia, BOB_HZ);

    await outcome.dialog.bye();
    await expect.poll(() => h.lastRecord().record.status).toBe('completed');
    expect(h.lastRecord().events).toContain('transferred');
    await expectNoMediaSessions();
  });

  it('to an unknown target: 404, and alice keeps the caller with audio both ways', async () => {
    const { outcome, call, callerMedia, aliceMedia, aliceInvite, aliceDialog } = await callAnsweredByAlice();

    expect(await call.transferTo('nobody')).toBe(404);
    expect(aliceDialog.state).toBe('confirmed');
    await heard(callerMedia, outcome.response.bodyText, aliceMedia, CALLER_HZ);
    await heard(aliceMedia, aliceInvite.request.bodyText, callerMedia, ALICE_HZ);

    await outcome.dialog.bye();
    await expect
      .poll(() => h.lastRecord().events)
      .toEqual(['received', 'offered', 'answered', 'transfer-failed', 'ended']);
    await expectNoMediaSessions();
  });

  it('to an agent who declines: her status (486), and alice keeps the call', async () => {
    const { outcome, call, aliceDialog } = await callAnsweredByAlice();
    h.register('bob');
    h.phones.bob.answer = (invite) => invite.reject(486);

    expect(await call.transferTo('1002')).toBe(486);
    expect(aliceDialog.state).toBe('confirmed');
    expect(h.calls.active).toHaveLength(1);

    await outcome.dialog.bye();
    await expect.poll(() => h.lastRecord().record.endReason).toBe('caller-hangup');
    expect(h.lastRecord().events).toContain('transfer-failed');
    await expectNoMediaSessions();
  });

  it('is refused (409) while the call still rings', async () => {
    h.register('alice');
    const ringing = new Promise<void>((resolve) => {
      h.phones.alice.answer = (invite) => {
        invite.progress(180);
        resolve();
      };
    });
    const invite = h.call(h.trunk, (await h.rtpPeer()).sdp());
    await ringing;
    const call = h.calls.active[0] as BridgedCall;

    expect(await call.transferTo('1002')).toBe(409);

    invite.cancel();
    expect((await invite.outcome).kind).not.toBe('answered');
    await expect.poll(() => h.calls.active).toHaveLength(0);
    await expectNoMediaSessions();
  });
});
