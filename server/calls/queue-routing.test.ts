/**
 * The routing engine deciding real calls (queue-router.ts, queue-finder.ts): agents log in by
 * registering, the longest idle agent is offered first, an agent who does not answer is passed over
 * and set Not ready after the RONA limit, an agent on a direct call is not offered queue callers and
 * gets the waiting caller once free, and a caller who hangs up while waiting leaves the queue.
 * Real SIP stacks and a real rtpengine (calls-harness.fixture.ts).
 */
import { describe, expect, it } from 'vitest';
import { AgentState } from '../routing/index.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import { DIRECT_CALL_REASON } from './queue-router.js';
import { peersSdp, useCallsHarness } from './testing/calls-harness.fixture.js';

const h = useCallsHarness();

function agentId(username: 'alice' | 'bob'): string {
  const tenantId = h.store.tenants.list()[0]!.id;
  return h.store.agents.findByUsername(tenantId, username)!.id;
}

function statusOf(username: 'alice' | 'bob') {
  return h.calls.routing.engine.agentStatus(agentId(username));
}

/** The phone answers every INVITE and keeps the dialog for the test. */
function answering(username: 'alice' | 'bob', dialogs: Dialog[]): void {
  h.phones[username].answer = (invite: IncomingInvite) => {
    invite.progress(180);
    dialogs.push(invite.accept({ body: peersSdp(invite) }));
  };
}

describe('agents and registration', () => {
  it('logs an agent in when their phone registers and out when it un-registers', async () => {
    expect(statusOf('alice')?.state).toBe(AgentState.Offline);
    h.register('alice');
    expect(statusOf('alice')?.state).toBe(AgentState.Available);
    h.tandem.location.replace('alice', []);
    expect(statusOf('alice')?.state).toBe(AgentState.Offline);
  });
});

describe('offering queue callers', () => {
  it('offers the longest idle agent first, then the other one', async () => {
    h.register('alice');
    h.register('bob');
    const dialogs: Dialog[] = [];
    const rang: string[] = [];
    for (const name of ['alice', 'bob'] as const) {
      h.phones[name].answer = (invite) => {
        rang.push(name);
        dialogs.push(invite.accept({ body: peersSdp(invite) }));
      };
    }
    const first = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    expect(first.kind).toBe('answered');
    const second = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    expect(second.kind).toBe('answered');
    // Each agent got one call: nobody is offered a second caller while on a call.
    expect(rang.sort()).toEqual(['alice', 'bob']);
    expect(statusOf('alice')?.state).toBe(AgentState.OnCall);
    expect(statusOf('bob')?.state).toBe(AgentState.OnCall);

    for (const dialog of dialogs) await dialog.bye();
    // No wrap-up in the harness: both are Available again, and the one who finished first is idle longest.
    await expect
      .poll(() => [statusOf('alice')?.state, statusOf('bob')?.state])
      .toEqual([AgentState.Available, AgentState.Available]);
    const idle = (name: 'alice' | 'bob') => statusOf(name)!.idleSince!;
    const longestIdle = idle('alice') <= idle('bob') ? 'alice' : 'bob';
    rang.length = 0;
    const third = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    expect(third.kind).toBe('answered');
    expect(rang).toEqual([longestIdle]);
    if (third.kind === 'answered') await third.dialog.bye();
    await expect.poll(() => h.calls.active.length).toBe(0);
  });

  it('does not offer an agent who is Not ready', async () => {
    h.register('alice');
    h.register('bob');
    const result = h.calls.routing.engine.agentCommand(agentId('alice'), {
      type: 'setNotReady',
      reason: 'lunch',
    });
    expect(result.ok).toBe(true);
    const rang: string[] = [];
    h.phones.alice.answer = (invite) => {
      rang.push('alice');
      invite.reject(486);
    };
    h.phones.bob.answer = (invite) => {
      rang.push('bob');
      invite.accept({ body: peersSdp(invite) });
    };
    const outcome = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    expect(outcome.kind).toBe('answered');
    expect(rang).toEqual(['bob']);
    if (outcome.kind === 'answered') await outcome.dialog.bye();
    expect(h.calls.routing.engine.whyNotOffered(agentId('alice'))).toEqual(['state:NotReady:lunch']);
    // The record names the queue and the agent routing chose.
    const tenantId = h.store.tenants.list()[0]!.id;
    expect(h.lastRecord().record).toMatchObject({
      queueId: h.store.queues.findByName(tenantId, 'support')!.id,
      agentId: agentId('bob'),
    });
  });

  it('passes over an agent who does not answer, and sets them Not ready after the RONA limit', async () => {
    h.register('alice');
    const aliceRang: IncomingInvite[] = [];
    h.phones.alice.answer = (invite) => {
      aliceRang.push(invite);
      invite.progress(180); // never answers: routing's ring timer (1 s) takes the offer back
    };
    // A caller is not offered to the same agent again for a while: two callers make two misses.
    const callers = [h.call(h.trunk, (await h.rtpPeer()).sdp()), h.call(h.trunk, (await h.rtpPeer()).sdp())];
    await expect.poll(() => statusOf('alice')?.notReadyReason, { timeout: 4_000 }).toBe('rona');
    expect(aliceRang).toHaveLength(2);
    expect(h.calls.active.every((call) => h.calls.routing.engine.isWaiting(call.id))).toBe(true);

    // Bob signs in and gets both waiting callers, one after the other.
    const dialogs: Dialog[] = [];
    h.phones.bob.answer = (invite) => {
      dialogs.push(invite.accept({ body: peersSdp(invite) }));
      setTimeout(() => void dialogs.at(-1)?.bye(), 100);
    };
    h.register('bob');
    const outcomes = await Promise.all(callers.map((caller) => caller.outcome));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['answered', 'answered']);
    expect(dialogs).toHaveLength(2);
    await expect.poll(() => h.calls.active.length).toBe(0);
  });

  it('keeps an agent on a direct call from queue callers, and offers them the waiting caller once free', async () => {
    h.register('alice');
    h.register('bob');
    const bobDialogs: Dialog[] = [];
    answering('bob', bobDialogs);
    // Alice calls bob by extension: both are Not ready (direct call) for routing while it lasts.
    const internal = await h.call(h.phones.alice.stack, (await h.rtpPeer()).sdp(), '1002').outcome;
    if (internal.kind !== 'answered') throw new Error(`internal call failed: ${internal.response.status}`);
    expect(statusOf('alice')?.notReadyReason).toBe(DIRECT_CALL_REASON);
    expect(statusOf('bob')?.notReadyReason).toBe(DIRECT_CALL_REASON);

    const aliceDialogs: Dialog[] = [];
    answering('alice', aliceDialogs);
    const caller = h.call(h.trunk, (await h.rtpPeer()).sdp());
    await expect.poll(() => h.calls.active.length).toBe(2);
    expect(aliceDialogs).toHaveLength(0);

    await internal.dialog.bye();
    const outcome = await caller.outcome;
    expect(outcome.kind).toBe('answered');
    expect(aliceDialogs.length + bobDialogs.length).toBe(2);
    if (outcome.kind === 'answered') await outcome.dialog.bye();
    await expect.poll(() => h.calls.active.length).toBe(0);
  });

  it('gives the agent their wrap-up after a call before offering the next caller', async () => {
    const engine = h.calls.routing.engine;
    const tenantId = h.store.tenants.list()[0]!.id;
    const support = engine
      .queueConfigs()
      .find((queue) => queue.tenantId === tenantId && queue.name === 'support')!;
    expect(engine.updateQueue({ ...support, wrapUpMs: 1_500 }).ok).toBe(true);
    try {
      h.register('alice');
      const dialogs: Dialog[] = [];
      answering('alice', dialogs);
      const first = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
      expect(first.kind).toBe('answered');
      await dialogs[0]!.bye(); // alice hangs up: wrap-up starts
      await expect.poll(() => statusOf('alice')?.state).toBe(AgentState.WrapUp);

      const second = h.call(h.trunk, (await h.rtpPeer()).sdp());
      await expect.poll(() => h.calls.active.length).toBe(1);
      expect(dialogs).toHaveLength(1); // not offered during wrap-up
      const outcome = await second.outcome; // offered once wrap-up ends
      expect(outcome.kind).toBe('answered');
      expect(dialogs).toHaveLength(2);
      if (outcome.kind === 'answered') await outcome.dialog.bye();
    } finally {
      engine.updateQueue(support);
    }
  });

  it('sends a caller who waited the maximum to the queue overflow number, out through the trunk', async () => {
    const engine = h.calls.routing.engine;
    const tenantId = h.store.tenants.list()[0]!.id;
    const support = engine
      .queueConfigs()
      .find((queue) => queue.tenantId === tenantId && queue.name === 'support')!;
    const overflow = { kind: 'number', e164: '+15557654321' } as const;
    expect(engine.updateQueue({ ...support, maxWaitMs: 1_000, overflow }).ok).toBe(true);
    try {
      h.register('alice');
      engine.agentCommand(agentId('alice'), { type: 'setNotReady', reason: 'training' });
      let dialled = '';
      h.onCarrierInvite = (invite) => {
        dialled = JSON.stringify(invite.request.uri);
        invite.accept({ body: peersSdp(invite) });
      };
      const outcome = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
      expect(outcome.kind).toBe('answered');
      expect(dialled).toContain('+15557654321');
      if (outcome.kind === 'answered') await outcome.dialog.bye();
      await expect.poll(() => h.calls.active.length).toBe(0);
    } finally {
      engine.updateQueue(support);
    }
  });

  it('takes a caller who hangs up while waiting out of the queue', async () => {
    h.register('alice');
    h.calls.routing.engine.agentCommand(agentId('alice'), { type: 'setNotReady', reason: 'break' });
    const caller = h.call(h.trunk, (await h.rtpPeer()).sdp());
    let ringback = false;
    caller.delegate.onProgress = (response) => {
      if (response.status === 180) ringback = true;
    };
    await expect.poll(() => h.calls.active.length).toBe(1);
    const callId = h.calls.active[0]!.id;
    expect(h.calls.routing.engine.isWaiting(callId)).toBe(true);
    await expect.poll(() => ringback).toBe(true);
    caller.cancel();
    await expect.poll(() => h.calls.routing.engine.isWaiting(callId)).toBe(false);
    await expect.poll(() => h.lastRecord().record.endReason).toBe('caller-cancelled');
  });

  it('turns a caller away at once when nobody who could answer is logged in', async () => {
    const outcome = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(outcome.response.status).toBe(480);
  });
});
