import type { PreferencesState } from './initial-state.js';

interface WithPreferences {
  readonly preferences: PreferencesState;
}

export const selectLocale = (state: WithPreferences) => state.preferences.locale;
export const selectRememberedServer = (state: WithPreferences) => state.preferences.server;
export const selectRememberedUsername = (state: WithPreferences) => state.preferences.username;
export const selectAutoAnswer = (state: WithPreferences) => state.preferences.autoAnswer;
export const selectScreenPopTemplate = (state: WithPreferences) => state.preferences.screenPopTemplate;
