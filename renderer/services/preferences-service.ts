/**
 * Remembers the chosen interface language between sessions and keeps `<html lang>` in step with it, so
 * screen readers pronounce the page in the right language.
 */
import type { Locale } from '../i18n/locales.js';
import { isSupportedLocale } from '../i18n/locales.js';
import { selectLocale } from '../store/preferences/selectors.js';
import type { TandemStore } from '../store/store.js';

export const localeStorageKey = 'tandem.locale';

export type PreferenceStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The language chosen in an earlier session, if any (storage may be missing or refuse access). */
export function loadStoredLocale(storage: PreferenceStorage | undefined): Locale | undefined {
  try {
    const stored = storage?.getItem(localeStorageKey);
    return isSupportedLocale(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

export interface PreferencesServiceOptions {
  readonly store: TandemStore;
  readonly storage: PreferenceStorage | undefined;
  readonly root: { lang: string };
}

/** Starts following the store; returns the function that stops it. */
export function startPreferencesService({ store, storage, root }: PreferencesServiceOptions): () => void {
  const apply = (locale: Locale, remember: boolean) => {
    root.lang = locale;
    if (!remember) return;
    try {
      storage?.setItem(localeStorageKey, locale);
    } catch {
      // Storage may be full or disabled; the choice then lasts for this session only.
    }
  };
  apply(selectLocale(store.getState()), false);
  return store.subscribe((state, previous) => {
    const locale = selectLocale(state);
    if (locale !== selectLocale(previous)) apply(locale, true);
  });
}
