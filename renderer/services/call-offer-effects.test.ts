import { describe, expect, it, vi } from 'vitest';
import { createTandemStore } from '../store/store.js';
import {
  autoAnswerStorageKey,
  loadDeskPreferences,
  screenPopStorageKey,
  startCallOfferEffects,
} from './call-offer-effects.js';

const offer = {
  id: 'call-1',
  serverCallId: 'c-77',
  direction: 'incoming' as const,
  remoteNumber: '+4930111222',
  remoteName: 'Ada',
  at: 1_000,
  context: { queue: 'sales', waitedSeconds: 42, ivrChoices: ['main-menu=1'] },
};

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe('auto-answer', () => {
  it('answers a ringing call once when the agent chose it, and never otherwise', () => {
    const store = createTandemStore();
    const answer = vi.fn(() => Promise.resolve());
    const stop = startCallOfferEffects({ store, answer, openPage: vi.fn() });
    const { calls, preferences } = store.getState().actions;
    calls.offered(offer);
    expect(answer).not.toHaveBeenCalled();
    calls.ended('call-1', 'missed', 2_000);
    preferences.setAutoAnswer(true);
    calls.offered({ ...offer, id: 'call-2' });
    calls.busyChanged('call-2', true); // another change of the same ringing call
    expect(answer).toHaveBeenCalledTimes(1);
    stop();
  });
});

describe('the screen pop', () => {
  it('opens the CRM page for the caller once the call is answered, once', () => {
    const store = createTandemStore();
    const openPage = vi.fn();
    startCallOfferEffects({ store, answer: () => Promise.resolve(), openPage });
    const { calls, preferences } = store.getState().actions;
    preferences.setScreenPopTemplate('https://crm.example/search?phone={number}&queue={queue}&w={waited}');
    calls.offered(offer);
    expect(openPage).not.toHaveBeenCalled();
    calls.answering('call-1');
    calls.established('call-1', 2_000);
    calls.holdChanged('call-1', true);
    expect(openPage).toHaveBeenCalledTimes(1);
    expect(openPage).toHaveBeenCalledWith('https://crm.example/search?phone=%2B4930111222&queue=sales&w=42');
  });

  it('refuses a template that would leave the CRM site, keeping the one before', () => {
    const store = createTandemStore();
    const { preferences } = store.getState().actions;
    preferences.setScreenPopTemplate('https://crm.example/?p={number}');
    expect(() => preferences.setScreenPopTemplate('https://{queue}.evil.example/')).toThrow(TypeError);
    expect(store.getState().preferences.screenPopTemplate).toBe('https://crm.example/?p={number}');
    preferences.setScreenPopTemplate('  ');
    expect(store.getState().preferences.screenPopTemplate).toBeNull();
  });
});

describe('stored preferences', () => {
  it('are kept across sessions, and an unusable stored template is ignored', () => {
    const storage = memoryStorage();
    const store = createTandemStore();
    startCallOfferEffects({ store, answer: vi.fn(), openPage: vi.fn(), storage });
    store.getState().actions.preferences.setAutoAnswer(true);
    store.getState().actions.preferences.setScreenPopTemplate('https://crm.example/?p={number}');
    expect(storage.values.get(autoAnswerStorageKey)).toBe('true');

    const next = createTandemStore();
    loadDeskPreferences(next, storage);
    expect(next.getState().preferences).toMatchObject({
      autoAnswer: true,
      screenPopTemplate: 'https://crm.example/?p={number}',
    });
    const bad = createTandemStore();
    loadDeskPreferences(bad, memoryStorage({ [screenPopStorageKey]: 'javascript:alert(1)' }));
    expect(bad.getState().preferences.screenPopTemplate).toBeNull();
  });
});
