/**
 * Hands the history service (and the desk's dial action, when there is one) to the history components.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { HistoryService } from '../services/history/history-service.js';

export interface HistoryContextValue {
  readonly service: HistoryService;
  /** Calls a number back through the desk; null when this desk cannot dial out. */
  readonly dial: ((number: string) => Promise<void>) | null;
}

const HistoryContext = createContext<HistoryContextValue | null>(null);

export function HistoryProvider(props: HistoryContextValue & { children: ReactNode }) {
  const { service, dial, children } = props;
  return <HistoryContext value={{ service, dial }}>{children}</HistoryContext>;
}

/** The history service; null where none is provided (then the desk offers no History view). */
export function useHistory(): HistoryContextValue | null {
  return useContext(HistoryContext);
}

export function useHistoryService(): HistoryContextValue {
  const value = useContext(HistoryContext);
  if (value === null) throw new Error('A history component is rendered outside <HistoryProvider>');
  return value;
}
