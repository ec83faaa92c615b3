/**
 * Renders desk components as HTML for component tests, with the store's current state and a desk service
 * whose every action rejects (what a component does with the answer is the service's business).
 */
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { TandemProvider } from '../app/tandem-context.js';
import type { AgentDesk } from '../services/agent-desk.js';
import type { TandemStore } from '../store/store.js';

const refuse = () => Promise.reject(new Error('not in this test'));

export const refusingDesk: AgentDesk = {
  signIn: refuse,
  signOut: refuse,
  setAgentState: refuse,
  extendWrapUp: refuse,
  searchDirectory: refuse,
  dispositions: refuse,
  setRecordingPaused: refuse,
  addToConference: refuse,
  saveWrapUp: refuse,
  peerConnection: () => undefined,
  reportCallQuality: refuse,
  call: {
    answer: refuse,
    decline: refuse,
    hangUp: refuse,
    setHeld: refuse,
    setMuted: () => undefined,
    sendDigits: refuse,
    transfer: refuse,
    consult: refuse,
    completeConsult: refuse,
    returnToCaller: refuse,
    dial: refuse,
    setCamera: refuse,
    startScreenShare: refuse,
    stopScreenShare: refuse,
    remoteVideos: () => [],
    selfView: () => null,
  },
};

export function renderDesk(store: TandemStore, element: ReactNode): string {
  // Server rendering reads zustand's initial state; this store's current state is what a test is about.
  const current: TandemStore = { ...store, getInitialState: store.getState };
  return renderToStaticMarkup(
    <TandemProvider store={current} services={{ health: { checkNow: refuse }, desk: refusingDesk }}>
      {element}
    </TandemProvider>,
  );
}

/** The visible text of some HTML, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
