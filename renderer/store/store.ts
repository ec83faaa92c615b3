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
import { createCallQualityActions, type CallQualityActions } from './call-quality/actions.js';
import { initialCallQualityState, type CallQualityState } from './call-quality/initial-state.js';
import { createDevicesActions, type DevicesActions } from './devices/actions.js';
import { initialDevicesState, type DevicesState } from './devices/initial-state.js';
import { createHealthActions, type HealthActions } from './health/actions.js';
import { createHistoryActions, type HistoryActions } from './history/actions.js';
import { initialHistoryState, type HistoryState } from './history/initial-state.js';
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
  readonly devices: DevicesState;
  readonly callQuality: CallQualityState;
  readonly queues: QueuesState;
  readonly history: HistoryState;
  readonly actions: {
    readonly health: HealthActions;
    readonly preferences: PreferencesActions;
    readonly session: SessionActions;
    readonly agentState: AgentStateActions;
    readonly calls: CallsActions;
    readonly devices: DevicesActions;
    readonly callQuality: CallQualityActions;
    readonly queues: QueuesActions;
    readonly history: HistoryActions;
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
    devices: initialDevicesState,
    callQuality: initialCallQualityState,
    queues: initialQueuesState,
    history: initialHistoryState,
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
      devices: createDevicesActions((change) => set((state) => ({ devices: change(state.devices) }))),
      callQuality: createCallQualityActions((change) =>
        set((state) => ({ callQuality: change(state.callQuality) })),
      ),
      queues: createQueuesActions((change) => set((state) => ({ queues: change(state.queues) }))),
      history: createHistoryActions((change) => set((state) => ({ history: change(state.history) }))),
    },
  }));
}
