import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentStateView } from '../store/agent-state/actions.js';
import { createTandemStore } from '../store/store.js';
import { renderDesk, textOf } from '../test-support/desk-render.js';
import { AgentStateBar } from './agent-state-bar.js';

const NOW = Date.parse('2026-01-05T09:00:00.000Z');

const view = (overrides: Partial<AgentStateView> = {}): AgentStateView => ({
  state: 'Available',
  since: '2026-01-05T08:00:00.000Z',
  notReadyReason: null,
  wrapUpEndsAt: null,
  notOfferedBecause: [],
  notReadyReasons: ['break', 'lunch', 'quality-check'],
  presence: { busy: false, activity: null },
  ...overrides,
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

describe('the agent state bar', () => {
  it('shows Available with the way to Not ready (reasons translated or as configured) and Offline', () => {
    const store = createTandemStore();
    store.getState().actions.agentState.applyView(view());
    const html = renderDesk(store, <AgentStateBar />);
    expect(html).toMatch(/data-testid="agent-state"[^>]*>.*Available<\/p>/);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Available<\/button>/);
    expect(textOf(html)).toContain('Break Lunch quality-check');
    expect(html).toMatch(/<button type="button" class="button button--quiet">Go offline/);
  });

  it('counts the wrap-up down and offers to extend it; no state change while on a call', () => {
    const store = createTandemStore();
    store
      .getState()
      .actions.agentState.applyView(view({ state: 'WrapUp', wrapUpEndsAt: '2026-01-05T09:00:45.000Z' }));
    let html = renderDesk(store, <AgentStateBar />);
    expect(html).toMatch(/data-testid="wrap-up-left"[^>]*> · 45 sec left/);
    expect(textOf(html)).toContain('Extend by 30 s');
    store.getState().actions.agentState.applyView(view({ state: 'OnCall' }));
    html = renderDesk(store, <AgentStateBar />);
    expect(html).not.toContain('wrap-up-left');
    expect(html).toMatch(/<select[^>]*disabled=""/);
  });

  it('says why no calls come although Available: Teams presence, in the agent’s language', () => {
    const store = createTandemStore({ locale: 'de' });
    store.getState().actions.agentState.applyView(view({ presence: { busy: true, activity: 'InAMeeting' } }));
    const html = renderDesk(store, <AgentStateBar />);
    expect(html).toContain('data-testid="not-offered"');
    expect(textOf(html)).toContain('InAMeeting');
  });

  it('shows the reason of Not ready and a refusal from the server', () => {
    const store = createTandemStore();
    const { agentState } = store.getState().actions;
    agentState.applyView(view({ state: 'NotReady', notReadyReason: 'lunch' }));
    agentState.requestRefused('unknown-reason');
    const text = textOf(renderDesk(store, <AgentStateBar />));
    expect(text).toContain('Not ready: Lunch');
    expect(text).toContain('The server did not accept the change (unknown-reason).');
  });
});
