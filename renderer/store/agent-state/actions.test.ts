import { describe, expect, it } from 'vitest';
import { createTandemStore } from '../store.js';
import type { AgentStateView } from './actions.js';
import {
  selectAgentState,
  selectNotReadyReason,
  selectPresenceBlock,
  wrapUpSecondsLeft,
} from './selectors.js';

const view = (overrides: Partial<AgentStateView> = {}): AgentStateView => ({
  state: 'Available',
  since: '2026-01-05T09:00:00.000Z',
  notReadyReason: null,
  wrapUpEndsAt: null,
  notOfferedBecause: [],
  notReadyReasons: ['break', 'lunch'],
  presence: { busy: false, activity: null },
  ...overrides,
});

describe('the agent state', () => {
  it('takes the REST view: state, reasons to choose from, and other reasons calls are not offered', () => {
    const store = createTandemStore();
    store.getState().actions.agentState.applyView(
      view({
        state: 'NotReady',
        notReadyReason: 'lunch',
        notOfferedBecause: ['state:NotReady:lunch', 'no-queue'],
      }),
    );
    const { agentState } = store.getState();
    expect(agentState).toMatchObject({
      state: 'NotReady',
      notReadyReason: 'lunch',
      notOfferedBecause: ['no-queue'],
    });
    expect(agentState.notReadyReasons).toEqual(['break', 'lunch']);
    expect(agentState.since).toBe(Date.parse('2026-01-05T09:00:00.000Z'));
  });

  it('follows pushed changes, including Teams presence that keeps calls away', () => {
    const store = createTandemStore();
    const { agentState } = store.getState().actions;
    agentState.applyView(view());
    agentState.applyChange({
      state: 'Available',
      since: '2026-01-05T09:01:00.000Z',
      notReadyReason: null,
      wrapUpEndsAt: null,
      presence: { busy: true, activity: 'InAMeeting' },
    });
    expect(selectPresenceBlock(store.getState())).toBe('InAMeeting');
    agentState.applyChange({
      state: 'Available',
      since: 'x',
      notReadyReason: null,
      wrapUpEndsAt: null,
      presence: { busy: false, activity: null },
    });
    expect(selectPresenceBlock(store.getState())).toBeNull();
  });

  it('counts the wrap-up down in whole seconds, never below zero', () => {
    const store = createTandemStore();
    const ends = Date.parse('2026-01-05T09:00:30.000Z');
    store.getState().actions.agentState.applyChange({
      state: 'WrapUp',
      since: '2026-01-05T09:00:00.000Z',
      notReadyReason: 'ignored outside NotReady',
      wrapUpEndsAt: '2026-01-05T09:00:30.000Z',
    });
    expect(selectNotReadyReason(store.getState())).toBeNull();
    expect(wrapUpSecondsLeft(store.getState(), ends - 12_400)).toBe(13);
    expect(wrapUpSecondsLeft(store.getState(), ends + 5_000)).toBe(0);
  });

  it('ignores a state it does not know instead of showing it wrongly', () => {
    const store = createTandemStore();
    store.getState().actions.agentState.applyView(view());
    store.getState().actions.agentState.applyChange({
      state: 'Dancing',
      since: 'x',
      notReadyReason: null,
      wrapUpEndsAt: null,
    });
    expect(selectAgentState(store.getState())).toBe('Available');
  });

  it('marks a request pending until the answer, and keeps a refusal to show', () => {
    const store = createTandemStore();
    const { agentState } = store.getState().actions;
    agentState.requestStarted();
    expect(store.getState().agentState.pending).toBe(true);
    agentState.requestRefused('unknown-reason');
    expect(store.getState().agentState).toMatchObject({ pending: false, refusal: 'unknown-reason' });
    agentState.applyView(view());
    expect(store.getState().agentState.refusal).toBeNull();
  });
});
