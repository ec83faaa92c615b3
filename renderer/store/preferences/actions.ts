import type { Locale } from '../../i18n/locales.js';
import { isSupportedLocale } from '../../i18n/locales.js';
import type { SliceUpdater } from '../slice-types.js';
import type { PreferencesState } from './initial-state.js';

export interface PreferencesActions {
  /** Switches the interface language; a tag Tandem does not speak is a programming error. */
  setLocale(locale: Locale): void;
}

export function createPreferencesActions(update: SliceUpdater<PreferencesState>): PreferencesActions {
  return {
    setLocale(locale) {
      if (!isSupportedLocale(locale)) throw new TypeError(`Unsupported locale: ${String(locale)}`);
      update((preferences) => (preferences.locale === locale ? preferences : { ...preferences, locale }));
    },
  };
}
