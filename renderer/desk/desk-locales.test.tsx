/**
 * Every language renders the desk without holes: each panel in each state, in all five locales, shows no
 * message key, no `undefined`, no placeholder left unfilled, and (outside English) not the English words.
 */
import { describe, expect, it } from 'vitest';
import { supportedLocales, type Locale } from '../i18n/locales.js';
import { en } from '../i18n/messages/en.js';
import type { AgentStateView } from '../store/agent-state/actions.js';
import { createTandemStore, type TandemStore } from '../store/store.js';
import { renderDesk, textOf } from '../test-support/desk-render.js';
import { ActiveCallPanel } from './active-call-panel.js';
import { AgentStateBar } from './agent-state-bar.js';
import { CallSettings } from './call-settings.js';
import { IncomingCallPanel } from './incoming-call-panel.js';
import { QueueOverview } from './queue-overview.js';
import { ShortcutHelp } from './shortcut-help.js';

const offer = {
  id: 'call-1',
  serverCallId: 'c-1',
  direction: 'incoming' as const,
  remoteNumber: '+4930111222',
  remoteName: 'Ada',
  at: 1_000,
  context: { queue: 'sales', waitedSeconds: 75, ivrChoices: ['main-menu=1'] },
};

const stateView = (state: string, extra: Partial<AgentStateView> = {}): AgentStateView => ({
  state,
  since: '2026-01-05T08:00:00.000Z',
  notReadyReason: state === 'NotReady' ? 'break' : null,
  wrapUpEndsAt: state === 'WrapUp' ? new Date(Date.now() + 30_000).toISOString() : null,
  notOfferedBecause: ['no-queue'],
  notReadyReasons: ['break', 'lunch', 'training', 'meeting', 'coaching', 'rona', 'direct-call'],
  presence: { busy: true, activity: 'InAMeeting' },
  ...extra,
});

const activePanel = (
  <ActiveCallPanel
    keypadOpen={true}
    onKeypadToggle={() => undefined}
    transferOpen={true}
    onTransferToggle={() => undefined}
  />
);

/** Every desk screen worth seeing, as text, for one language. */
function deskTexts(locale: Locale): string[] {
  const texts: string[] = [];
  const render = (store: TandemStore, element: React.ReactNode) =>
    texts.push(textOf(renderDesk(store, element)));
  for (const state of ['Offline', 'Available', 'Offered', 'OnCall', 'WrapUp', 'NotReady']) {
    const store = createTandemStore({ locale });
    store.getState().actions.agentState.applyView(stateView(state));
    store.getState().actions.agentState.requestRefused('409');
    render(store, <AgentStateBar />);
  }
  const ringing = createTandemStore({ locale });
  ringing.getState().actions.calls.offered(offer);
  render(ringing, <IncomingCallPanel />);
  ringing.getState().actions.calls.offered({ ...offer, context: { ...offer.context, ivrChoices: [] } });
  render(ringing, <IncomingCallPanel />);

  for (const refusal of ['hold', 'resume', 'transfer', 'keys', 'consult', 'recording', 'conference']) {
    const store = createTandemStore({ locale });
    const { calls } = store.getState().actions;
    calls.offered(offer);
    calls.established('call-1', 2_000);
    calls.consultChanged('call-1', {
      target: 'bob',
      phase: refusal === 'hold' ? 'calling' : 'talking',
      busy: false,
    });
    calls.conferenceJoined('call-1', '1002');
    calls.recordingChanged('call-1', refusal === 'keys');
    calls.holdChanged('call-1', refusal === 'resume');
    calls.refused('call-1', refusal);
    render(store, activePanel);
  }
  for (const ending of [
    'local-hangup',
    'remote-hangup',
    'declined',
    'missed',
    'transferred',
    'failed',
  ] as const) {
    const store = createTandemStore({ locale });
    store.getState().actions.calls.offered(offer);
    store.getState().actions.calls.established('call-1', 2_000);
    store.getState().actions.calls.ended('call-1', ending, 9_000);
    render(store, activePanel);
  }
  const queues = createTandemStore({ locale });
  render(queues, <QueueOverview />);
  queues
    .getState()
    .actions.queues.applyFigures([{ name: 'sales', waiting: 2, longestWaitMs: 65_000 }], Date.now());
  render(queues, <QueueOverview />);
  render(queues, <CallSettings />);
  render(queues, <ShortcutHelp onClose={() => undefined} />);
  return texts;
}

const keys = Object.keys(en);
const english = deskTexts('en');

describe.each(supportedLocales)('the desk in %s', (locale) => {
  const texts = deskTexts(locale);

  it('shows no message key, no undefined and no unfilled placeholder', () => {
    for (const text of texts) {
      expect(text).not.toMatch(/undefined|NaN/);
      expect(text.replace(/\{(number|name|queue|callId|waited)\}/g, '')).not.toMatch(/\{\w+\}/);
      const words = text.split(/[\s,;:·()]+/);
      expect(words.filter((word) => keys.includes(word))).toEqual([]);
      expect(text).not.toMatch(/\b(call|offer|wrapUp|consult|transfer|settings|agentState)\.[a-zA-Z-]+/);
    }
  });

  it.runIf(locale !== 'en')('is translated: no screen reads as in English', () => {
    texts.forEach((text, index) => expect(text).not.toBe(english[index]));
  });
});
