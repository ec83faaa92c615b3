/**
 * The renderer's one store, built from typed slices. Components read it through selectors; services
 * (health polling, and later SIP, IPC and the server WebSocket) change it through `actions` from outside
 * React.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Locale } from '../i18n/locales.js';
import { createHealthActions, type HealthActions } from './health/actions.js';
import { initialHealthState, type HealthState } from './health/initial-state.js';
import { createPreferencesActions, type PreferencesActions } from './preferences/actions.js';
import { initialPreferencesState, type PreferencesState } from './preferences/initial-state.js';

export interface TandemState {
  readonly health: HealthState;
  readonly preferences: PreferencesState;
  readonly actions: {
    readonly health: HealthActions;
    readonly preferences: PreferencesActions;
  };
}

export type TandemStore = StoreApi<TandemState>;

export interface TandemStoreOptions {
  /** The interface language to start with (see `negotiateLocale`). */
  locale?: Locale;
}

export function createTandemStore(options: TandemStoreOptions = {}): TandemStore {
  return createStore<TandemState>()((set) => ({
    health: initialHealthState,
    preferences: { ...initialPreferencesState, ...(options.locale ? { locale: options.locale } : {}) },
    actions: {
      health: createHealthActions((change) => set((state) => ({ health: change(state.health) }))),
      preferences: createPreferencesActions((change) =>
        set((state) => ({ preferences: change(state.preferences) })),
      ),
    },
  }));
}
