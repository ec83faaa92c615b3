/**
 * The renderer's one store, built from typed slices. Components read it through selectors; services
 * (health polling, the softphone, the server's event stream) change it through `actions` from outside React.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Locale } from '../i18n/locales.js';
import { createAgentStateActions, type AgentStateActions } from './agent-state/actions.js';
import { initialAgentState, type AgentStateSlice } from './agent-state/initial-state.js';
import { createCallsActions, type CallsActions } from './calls/actions.js';
import { initialCallsState, type CallsState } from './calls/initial-state.js';
import { createHealthActions, type HealthActions } from './health/actions.js';
import { initialHealthState, type HealthState } from './health/initial-state.js';
import { createPreferencesActions, type PreferencesActions } from './preferences/actions.js';
import { initialPreferencesState, type PreferencesState } from './preferences/initial-state.js';
import { createQueuesActions, type QueuesActions } from './queues/actions.js';
import { initialQueuesState, type QueuesState } from './queues/initial-state.js';
import { createSessionActions, type SessionActions } from './session/actions.js';
import { initialSessionState, type SessionState } from './session/initial-state.js';

export interface TandemState {
  readonly health: HealthState;
  readonly preferences: PreferencesState;
  readonly session: SessionState;
  readonly agentState: AgentStateSlice;
  readonly calls: CallsState;
  readonly queues: QueuesState;
  readonly actions: {
    readonly health: HealthActions;
    readonly preferences: PreferencesActions;
    readonly session: SessionActions;
    readonly agentState: AgentStateActions;
    readonly calls: CallsActions;
    readonly queues: QueuesActions;
  };
}

export type TandemStore = StoreApi<TandemState>;

export interface TandemStoreOptions {
  /** The interface language to start with (see `negotiateLocale`). */
  locale?: Locale;
  /** The server and agent name remembered from the last sign-in. */
  remembered?: { server?: string; username?: string };
}

export function createTandemStore(options: TandemStoreOptions = {}): TandemStore {
  return createStore<TandemState>()((set) => ({
    health: initialHealthState,
    preferences: {
      ...initialPreferencesState,
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.remembered?.server ? { server: options.remembered.server } : {}),
      ...(options.remembered?.username ? { username: options.remembered.username } : {}),
    },
    session: initialSessionState,
    agentState: initialAgentState,
    calls: initialCallsState,
    queues: initialQueuesState,
    actions: {
      health: createHealthActions((change) => set((state) => ({ health: change(state.health) }))),
      preferences: createPreferencesActions((change) =>
        set((state) => ({ preferences: change(state.preferences) })),
      ),
      session: createSessionActions((change) => set((state) => ({ session: change(state.session) }))),
      agentState: createAgentStateActions((change) =>
        set((state) => ({ agentState: change(state.agentState) })),
      ),
      calls: createCallsActions((change) => set((state) => ({ calls: change(state.calls) }))),
      queues: createQueuesActions((change) => set((state) => ({ queues: change(state.queues) }))),
    },
  }));
}
