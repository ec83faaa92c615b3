import type { PreferencesState } from './initial-state.js';

interface WithPreferences {
  readonly preferences: PreferencesState;
}

export const selectLocale = (state: WithPreferences) => state.preferences.locale;
