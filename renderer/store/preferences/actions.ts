import type { Locale } from '../../i18n/locales.js';
import { isSupportedLocale } from '../../i18n/locales.js';
import { screenPopProblem } from '../../services/screen-pop.js';
import type { SliceUpdater } from '../slice-types.js';
import type { PreferencesState } from './initial-state.js';

export interface PreferencesActions {
  /** Switches the interface language; a tag Tandem does not speak is a programming error. */
  setLocale(locale: Locale): void;
  /** Remembers where and as whom the agent signed in, for the next sign-in screen. */
  rememberSignIn(server: string, username: string): void;
  setAutoAnswer(autoAnswer: boolean): void;
  /** Sets the screen-pop template (empty: none); throws TypeError for a template that cannot be used. */
  setScreenPopTemplate(template: string): void;
}

export function createPreferencesActions(update: SliceUpdater<PreferencesState>): PreferencesActions {
  return {
    setLocale(locale) {
      if (!isSupportedLocale(locale)) throw new TypeError(`Unsupported locale: ${String(locale)}`);
      update((preferences) => (preferences.locale === locale ? preferences : { ...preferences, locale }));
    },
    rememberSignIn(server, username) {
      update((preferences) =>
        preferences.server === server && preferences.username === username
          ? preferences
          : { ...preferences, server, username },
      );
    },
    setAutoAnswer(autoAnswer) {
      update((preferences) =>
        preferences.autoAnswer === autoAnswer ? preferences : { ...preferences, autoAnswer },
      );
    },
    setScreenPopTemplate(template) {
      const trimmed = template.trim();
      const problem = trimmed === '' ? null : screenPopProblem(trimmed);
      if (problem !== null) throw new TypeError(`screen-pop template: ${problem}`);
      const screenPopTemplate = trimmed === '' ? null : trimmed;
      update((preferences) =>
        preferences.screenPopTemplate === screenPopTemplate
          ? preferences
          : { ...preferences, screenPopTemplate },
      );
    },
  };
}
