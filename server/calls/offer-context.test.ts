/**
 * What the agent's phone learns about a queue caller from the INVITE (offer-context.ts): the queue, the
 * seconds waited and the IVR choices. With real peers (calls-harness.fixture.ts): a caller dialling the
 * sales number waits while alice is Not ready, then rings her; a caller on the main menu presses 1.
 */
import { describe, expect, it } from 'vitest';
import { mediaAddressOf } from '../sfu/testing/rtp-peer.fixture.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import { ivrChoicesOf, offerContextHeaders } from './offer-context.js';
import { peersSdp, useCallsHarness } from './testing/calls-harness.fixture.js';

const h = useCallsHarness();
const SALES_NUMBER = '+15550199';
const MAIN_NUMBER = '+15550100';
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function agentId(username: 'alice' | 'bob'): string {
  const tenantId = h.store.tenants.list()[0]!.id;
  return h.store.agents.findByUsername(tenantId, username)!.id;
}

function contextOf(invite: IncomingInvite) {
  const header = (name: string) => invite.request.headers.get(name) ?? null;
  return {
    callId: header('x-tandem-call-id'),
    queue: header('x-tandem-queue'),
    waited: header('x-tandem-waited'),
    ivr: header('x-tandem-ivr'),
  };
}

describe('the headers', () => {
  it('count whole seconds waited, encode names, and leave out an empty IVR', () => {
    const headers = offerContextHeaders({ queue: 'Vente, Süd', queuedAt: 10_000, ivrChoices: [] }, 52_900);
    expect(headers).toEqual([
      ['X-Tandem-Queue', 'Vente%2C%20S%C3%BCd'],
      ['X-Tandem-Waited', '42'],
    ]);
    // A clock that went backwards never gives a negative wait.
    expect(offerContextHeaders({ queue: 'q', queuedAt: 5_000, ivrChoices: ['menu=1'] }, 4_000)).toEqual([
      ['X-Tandem-Queue', 'q'],
      ['X-Tandem-Waited', '0'],
      ['X-Tandem-Ivr', 'menu%3D1'],
    ]);
  });

  it('take only the menu choices from an IVR journal', () => {
    expect(
      ivrChoicesOf([
        { stepId: 'welcome', outcome: 'played' },
        { stepId: 'main-menu', outcome: 'invalid', choice: '7' },
        { stepId: 'main-menu', outcome: 'chose', choice: '1' },
        { stepId: 'account', outcome: 'collected' },
      ]),
    ).toEqual(['main-menu=1']);
  });
});

describe('an offer to an agent', () => {
  it('names the queue and how long the caller waited in it', async () => {
    h.register('alice');
    const engine = h.calls.routing.engine;
    engine.agentCommand(agentId('alice'), { type: 'setNotReady', reason: 'break' });
    const offers: IncomingInvite[] = [];
    const dialogs: Dialog[] = [];
    h.phones.alice.answer = (invite) => {
      offers.push(invite);
      dialogs.push(invite.accept({ body: peersSdp(invite) }));
    };
    const call = h.call(h.trunk, (await h.rtpPeer()).sdp(), SALES_NUMBER);
    await expect.poll(() => h.calls.active.length).toBe(1);
    await delay(1_200);
    expect(offers).toHaveLength(0);
    engine.agentCommand(agentId('alice'), { type: 'setAvailable' });
    const outcome = await call.outcome;
    expect(outcome.kind).toBe('answered');
    expect(offers).toHaveLength(1);
    const context = contextOf(offers[0]!);
    expect(context.callId).toBe(h.calls.active[0]!.id);
    expect(context.queue).toBe('sales');
    expect(Number(context.waited)).toBeGreaterThanOrEqual(1);
    expect(Number(context.waited)).toBeLessThan(30);
    expect(context.ivr).toBeNull();
    if (outcome.kind === 'answered') await outcome.dialog.bye();
    await expect.poll(() => h.calls.active.length).toBe(0);
  }, 20_000);

  it('carries the menu key the caller pressed in the IVR', async () => {
    const caller = await h.rtpPeer();
    const offers: IncomingInvite[] = [];
    h.phones.alice.answer = (invite) => {
      offers.push(invite);
      invite.reject(486); // only the offer is of interest
    };
    const outcome = await h.call(h.trunk, caller.sdp(), MAIN_NUMBER).outcome;
    if (outcome.kind !== 'answered') throw new Error(`not answered by the IVR: ${outcome.response.status}`);
    const towardTandem = mediaAddressOf(outcome.response.bodyText);
    await caller.sendTone(towardTandem, 5);
    h.register('alice');
    await caller.sendKey(towardTandem, '1');
    await expect.poll(() => offers.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    const context = contextOf(offers[0]!);
    expect(context.queue).toBe('sales');
    expect(context.ivr).toBe('main-menu%3D1');
    expect(Number(context.waited)).toBeGreaterThanOrEqual(0);
    await outcome.dialog.bye();
    await expect.poll(() => h.calls.active.length).toBe(0);
    await expect
      .poll(() => h.media.plane.remoteCalls().then((all) => all.flatMap((i) => i.calls)))
      .toEqual([]);
  }, 20_000);
});
