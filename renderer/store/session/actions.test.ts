import { describe, expect, it } from 'vitest';
import { createTandemStore } from '../store.js';
import { selectConnectionSummary, selectSessionStatus, selectSignedInAgent } from './selectors.js';
import { InvalidStateError } from './actions.js';

describe('the session', () => {
  it('signs in through signingIn, with both links connecting, and names the agent only once signed in', () => {
    const store = createTandemStore();
    const { session } = store.getState().actions;
    session.signInStarted('alice', 'http://127.0.0.1:8080');
    expect(selectSessionStatus(store.getState())).toBe('signingIn');
    expect(selectSignedInAgent(store.getState())).toBeNull();
    expect(selectConnectionSummary(store.getState())).toBe('connecting');
    session.phoneStatusChanged('online');
    session.eventsStatusChanged('online');
    session.signInSucceeded();
    expect(selectSignedInAgent(store.getState())).toBe('alice');
    expect(selectConnectionSummary(store.getState())).toBe('online');
  });

  it('shows the worse link: a phone reconnecting makes the whole connection reconnecting', () => {
    const store = createTandemStore();
    const { session } = store.getState().actions;
    session.signInStarted('alice', 'http://x');
    session.eventsStatusChanged('online');
    session.phoneStatusChanged('online');
    session.signInSucceeded();
    session.phoneStatusChanged('reconnecting');
    expect(selectConnectionSummary(store.getState())).toBe('reconnecting');
    session.phoneStatusChanged('online');
    expect(selectConnectionSummary(store.getState())).toBe('online');
  });

  it('keeps why a sign-in failed, and clears it at the next attempt', () => {
    const store = createTandemStore();
    const { session } = store.getState().actions;
    session.signInStarted('alice', 'http://x');
    session.signInFailed('wrong-credentials');
    expect(store.getState().session).toMatchObject({
      status: 'signedOut',
      problem: 'wrong-credentials',
      agent: null,
    });
    session.signInStarted('alice', 'http://x');
    expect(store.getState().session.problem).toBeNull();
  });

  it('refuses moves the state machine does not have, and ignores link news while signed out', () => {
    const store = createTandemStore();
    const { session } = store.getState().actions;
    expect(() => session.signInSucceeded()).toThrow(InvalidStateError);
    const before = store.getState().session;
    session.phoneStatusChanged('reconnecting');
    expect(store.getState().session).toBe(before);
    session.signedOut(); // twice is fine
    expect(store.getState().session).toBe(before);
  });
});
