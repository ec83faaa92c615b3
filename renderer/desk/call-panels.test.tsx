import { describe, expect, it } from 'vitest';
import { createTandemStore, type TandemStore } from '../store/store.js';
import { renderDesk, textOf } from '../test-support/desk-render.js';
import { ActiveCallPanel } from './active-call-panel.js';
import { IncomingCallPanel } from './incoming-call-panel.js';

const offer = {
  id: 'call-1',
  serverCallId: 'c-1',
  direction: 'incoming' as const,
  remoteNumber: '+4930111222',
  remoteName: 'Ada Lovelace',
  at: 1_000,
  context: { queue: 'sales', waitedSeconds: 95, ivrChoices: ['main-menu=1'] },
};

const panel = (store: TandemStore) =>
  renderDesk(
    store,
    <ActiveCallPanel
      keypadOpen={false}
      onKeypadToggle={() => undefined}
      transferOpen={false}
      onTransferToggle={() => undefined}
    />,
  );

function onCall(locale?: 'de') {
  const store = createTandemStore(locale ? { locale } : {});
  const { calls } = store.getState().actions;
  calls.offered(offer);
  calls.answering('call-1');
  calls.established('call-1', 2_000);
  return store;
}

describe('the incoming call panel', () => {
  it('shows who calls, from which queue, how long they waited and what they chose in the menu', () => {
    const store = createTandemStore();
    store.getState().actions.calls.offered(offer);
    const html = renderDesk(store, <IncomingCallPanel />);
    expect(html).toMatch(/data-testid="caller-number"[^>]*>\+4930111222</);
    expect(textOf(html)).toContain('Ada Lovelace');
    expect(html).toMatch(/data-testid="offer-queue"[^>]*>sales</);
    expect(html).toMatch(/data-testid="offer-waited"[^>]*>1 min, 35 sec</);
    expect(html).toMatch(/data-testid="offer-ivr"[^>]*>main-menu: 1</);
    expect(textOf(html)).toMatch(/Answer.*Decline/);
  });

  it('says nothing of a queue for a direct call, and in German when the agent reads German', () => {
    const store = createTandemStore({ locale: 'de' });
    store.getState().actions.calls.offered({ ...offer, context: null, remoteName: null });
    const html = renderDesk(store, <IncomingCallPanel />);
    expect(html).not.toContain('offer-context');
    expect(html).not.toContain('caller-name');
    expect(textOf(html)).toContain('Eingehender Anruf');
  });
});

describe('the active call panel', () => {
  it('offers hold, mute, keypad, transfer, recording and hang-up while talking', () => {
    const html = panel(onCall());
    expect(html).toContain('data-testid="active-call"');
    expect(textOf(html)).toMatch(/Hold .*Mute .*Keypad .*Transfer .*Pause recording Hang up/);
    expect(html).toMatch(/aria-pressed="false"[^>]*data-testid="recording-toggle"/);
  });

  it('shows the held call with Resume pressed, and a paused recording with Resume recording', () => {
    const store = onCall();
    store.getState().actions.calls.holdChanged('call-1', true);
    store.getState().actions.calls.recordingChanged('call-1', true);
    const html = panel(store);
    expect(html).toContain('data-held="true"');
    expect(textOf(html)).toContain('On hold');
    expect(html).toMatch(/<button[^>]*aria-pressed="true"[^>]*>Resume/);
    expect(textOf(html)).toContain('Resume recording');
  });

  it('shows a consult call: complete only once the consulted party talks, return to caller always', () => {
    const store = onCall();
    const { calls } = store.getState().actions;
    calls.consultChanged('call-1', { target: 'bob', phase: 'calling', busy: false });
    let html = panel(store);
    expect(textOf(html)).toContain('Calling bob…');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Complete transfer/);
    expect(html).toMatch(/<button type="button" class="button">Return to caller/);
    calls.consultChanged('call-1', { target: 'bob', phase: 'talking', busy: false });
    html = panel(store);
    expect(textOf(html)).toContain('Talking with bob; the caller is on hold');
    expect(html).toMatch(/<button type="button" class="button button--primary">Complete transfer/);
  });

  it('names a refusal and who joined by conference', () => {
    const store = onCall();
    store.getState().actions.calls.conferenceJoined('call-1', '1002');
    store.getState().actions.calls.refused('call-1', 'recording');
    const text = textOf(panel(store));
    expect(text).toContain('In conference with 1002');
    expect(text).toContain('The recording could not be paused or resumed.');
  });

  it('after the call: how it ended, and the wrap-up with notes and the disposition codes', () => {
    const store = onCall('de');
    store.getState().actions.calls.ended('call-1', 'remote-hangup', 60_000);
    const html = panel(store);
    expect(textOf(html)).toContain('+4930111222 hat aufgelegt.');
    expect(html).toContain('data-testid="wrap-up"');
    expect(textOf(html)).toMatch(/Nachbearbeitung Abschlusscode Auswählen… Gelöst Nachverfolgung nötig/);
    expect(html).toContain('<textarea');
  });

  it('offers no wrap-up for a call that was never answered', () => {
    const store = createTandemStore();
    store.getState().actions.calls.offered(offer);
    store.getState().actions.calls.ended('call-1', 'missed', 3_000);
    const html = panel(store);
    expect(textOf(html)).toContain('Missed call from +4930111222.');
    expect(html).not.toContain('wrap-up');
  });
});
