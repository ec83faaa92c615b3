import { describe, expect, it } from 'vitest';
import { createTandemStore } from '../store/store.js';
import {
  loadStoredLocale,
  localeStorageKey,
  startPreferencesService,
  type PreferenceStorage,
} from './preferences-service.js';

function memoryStorage(
  initial: Record<string, string> = {},
): PreferenceStorage & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

const refusing: PreferenceStorage = {
  getItem: () => {
    throw new DOMException('denied', 'SecurityError');
  },
  setItem: () => {
    throw new DOMException('full', 'QuotaExceededError');
  },
};

describe('remembering the interface language', () => {
  it('loads a language chosen earlier, and ignores anything else', () => {
    expect(loadStoredLocale(memoryStorage({ [localeStorageKey]: 'de' }))).toBe('de');
    expect(loadStoredLocale(memoryStorage({ [localeStorageKey]: 'tlh' }))).toBeUndefined();
    expect(loadStoredLocale(memoryStorage())).toBeUndefined();
    expect(loadStoredLocale(refusing)).toBeUndefined();
    expect(loadStoredLocale(undefined)).toBeUndefined();
  });

  it('sets the page language at start and stores only a language the user chose', () => {
    const store = createTandemStore({ locale: 'de' });
    const storage = memoryStorage();
    const root = { lang: '' };
    const stop = startPreferencesService({ store, storage, root });
    expect(root.lang).toBe('de');
    expect(storage.items.size).toBe(0);

    store.getState().actions.preferences.setLocale('en');
    expect(root.lang).toBe('en');
    expect(storage.items.get(localeStorageKey)).toBe('en');

    stop();
    store.getState().actions.preferences.setLocale('de');
    expect(root.lang).toBe('en');
  });

  it('still switches the language when storage refuses to keep it', () => {
    const store = createTandemStore();
    const root = { lang: '' };
    startPreferencesService({ store, storage: refusing, root });
    store.getState().actions.preferences.setLocale('de');
    expect(root.lang).toBe('de');
  });
});
