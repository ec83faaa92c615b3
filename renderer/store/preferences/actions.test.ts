import { describe, expect, it, vi } from 'vitest';
import type { Locale } from '../../i18n/locales.js';
import { createTandemStore } from '../store.js';
import { selectLocale } from './selectors.js';

describe('preferences', () => {
  it('start in English unless told otherwise', () => {
    expect(selectLocale(createTandemStore().getState())).toBe('en');
    expect(selectLocale(createTandemStore({ locale: 'de' }).getState())).toBe('de');
  });

  it('switch the interface language', () => {
    const store = createTandemStore();
    store.getState().actions.preferences.setLocale('de');
    expect(selectLocale(store.getState())).toBe('de');
  });

  it('keep the same preferences object when the language does not change', () => {
    const store = createTandemStore({ locale: 'de' });
    const before = store.getState().preferences;
    store.getState().actions.preferences.setLocale('de');
    expect(store.getState().preferences).toBe(before);
  });

  it('refuse a language Tandem does not speak', () => {
    const store = createTandemStore();
    const listener = vi.fn();
    store.subscribe(listener);
    expect(() => store.getState().actions.preferences.setLocale('xx' as Locale)).toThrow(TypeError);
    expect(listener).not.toHaveBeenCalled();
  });
});
