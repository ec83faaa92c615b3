/**
 * Remembers the chosen interface language between sessions and keeps `<html lang>` in step with it, so
 * screen readers pronounce the page in the right language.
 */
import type { Locale } from '../i18n/locales.js';
import { isSupportedLocale } from '../i18n/locales.js';
import { selectLocale } from '../store/preferences/selectors.js';
import type { TandemStore } from '../store/store.js';

export const localeStorageKey = 'tandem.locale';
/** Where the last sign-in went and as whom; the password is never stored (it lives in memory only). */
export const serverStorageKey = 'tandem.server';
export const usernameStorageKey = 'tandem.username';

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

/** The server and agent name of the last sign-in, if storage has them. */
export function loadStoredSignIn(storage: PreferenceStorage | undefined): {
  server?: string;
  username?: string;
} {
  const read = (key: string) => {
    try {
      const value = storage?.getItem(key);
      return typeof value === 'string' && value !== '' ? value : undefined;
    } catch {
      return undefined;
    }
  };
  const server = read(serverStorageKey);
  const username = read(usernameStorageKey);
  return { ...(server ? { server } : {}), ...(username ? { username } : {}) };
}

export interface PreferencesServiceOptions {
  readonly store: TandemStore;
  readonly storage: PreferenceStorage | undefined;
  readonly root: { lang: string };
}

/** Starts following the store; returns the function that stops it. */
export function startPreferencesService({ store, storage, root }: PreferencesServiceOptions): () => void {
  const remember = (key: string, value: string) => {
    try {
      storage?.setItem(key, value);
    } catch {
      // Storage may be full or disabled; the choice then lasts for this session only.
    }
  };
  const apply = (locale: Locale, chosen: boolean) => {
    root.lang = locale;
    if (chosen) remember(localeStorageKey, locale);
  };
  apply(selectLocale(store.getState()), false);
  return store.subscribe((state, previous) => {
    const locale = selectLocale(state);
    if (locale !== selectLocale(previous)) apply(locale, true);
    const { server, username } = state.preferences;
    if (server !== null && server !== previous.preferences.server) remember(serverStorageKey, server);
    if (username !== null && username !== previous.preferences.username)
      remember(usernameStorageKey, username);
  });
}
