/**
 * Hands the store and the services to components. Components read state only through selectors and
 * change it only through actions or services.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AgentDesk } from '../services/agent-desk.js';
import type { DeviceControls } from '../services/devices/device-service-types.js';
import type { HealthService } from '../services/health-service.js';
import type { TandemState, TandemStore } from '../store/store.js';

export interface TandemServices {
  readonly health: Pick<HealthService, 'checkNow'>;
  /** Sign-in, agent state and call controls; absent where only the health card is shown (its tests). */
  readonly desk?: AgentDesk;
  /** Audio devices: choice, test tone, level meter; absent where the page cannot reach devices. */
  readonly devices?: DeviceControls;
}

interface TandemContextValue {
  readonly store: TandemStore;
  readonly services: TandemServices;
}

const TandemContext = createContext<TandemContextValue | null>(null);

export function TandemProvider(props: { store: TandemStore; services: TandemServices; children: ReactNode }) {
  const { store, services, children } = props;
  return <TandemContext value={{ store, services }}>{children}</TandemContext>;
}

function useTandemContext(): TandemContextValue {
  const context = useContext(TandemContext);
  if (context === null) throw new Error('A Tandem component is rendered outside <TandemProvider>');
  return context;
}

/** Reads one value from the store; the component re-renders when that value changes. */
export function useTandem<Value>(selector: (state: TandemState) => Value): Value {
  return useStore(useTandemContext().store, selector);
}

/** For selectors that build a new array or object each time: compares the result shallowly. */
export function useTandemShallow<Value>(selector: (state: TandemState) => Value): Value {
  return useStore(useTandemContext().store, useShallow(selector));
}

export function useTandemActions(): TandemState['actions'] {
  return useStore(useTandemContext().store, (state) => state.actions);
}

export function useTandemServices(): TandemServices {
  return useTandemContext().services;
}

/** The agent's desk service; only components of the signed-in desk and the sign-in form use it. */
export function useDesk(): AgentDesk {
  const desk = useTandemContext().services.desk;
  if (desk === undefined) throw new Error('This component needs the desk service in <TandemProvider>');
  return desk;
}
