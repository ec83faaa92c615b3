import type { Locale } from '../../i18n/locales.js';
import { fallbackLocale } from '../../i18n/locales.js';

export interface PreferencesState {
  readonly locale: Locale;
}

export const initialPreferencesState: PreferencesState = { locale: fallbackLocale };
