import type { Locale } from '../../i18n/locales.js';
import { fallbackLocale } from '../../i18n/locales.js';

export interface PreferencesState {
  readonly locale: Locale;
  /** The server of the last successful sign-in (an origin), or null. Never a password. */
  readonly server: string | null;
  /** The agent name of the last successful sign-in, or null. */
  readonly username: string | null;
  /** Answer offered calls at once, without the agent pressing Answer. */
  readonly autoAnswer: boolean;
  /** The CRM page to open on answer (services/screen-pop.ts), or null for none. */
  readonly screenPopTemplate: string | null;
}

export const initialPreferencesState: PreferencesState = {
  locale: fallbackLocale,
  server: null,
  username: null,
  autoAnswer: false,
  screenPopTemplate: null,
};
