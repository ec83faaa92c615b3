/**
 * Opens the agent's history when the desk has signed in and closes it at sign-out, without the desk
 * knowing about history: the history API takes the same Basic credentials as the rest of the agent API,
 * and they stay in memory only, as in the desk.
 */
import type { AgentDesk, SignInForm } from '../agent-desk.js';
import type { TandemStore } from '../../store/store.js';
import type { HistoryService } from './history-service.js';

export function withHistory(desk: AgentDesk, store: TandemStore, history: HistoryService): AgentDesk {
  return {
    ...desk,
    async signIn(form: SignInForm) {
      await desk.signIn(form);
      const { session } = store.getState();
      if (session.status !== 'signedIn' || session.server === null) return;
      void history.signedIn({ server: session.server, username: form.username, password: form.password });
    },
    async signOut() {
      history.signedOut();
      await desk.signOut();
    },
  };
}

/**
 * The desk's dial action for calling a caller back, when this build's desk has one (the softphone's
 * outgoing calls); null otherwise, and the history then offers no call-back button.
 */
export function dialActionOf(desk: AgentDesk): ((number: string) => Promise<void>) | null {
  for (const owner of [desk.call, desk] as object[]) {
    const dial: unknown = (owner as Record<string, unknown>)['dial'];
    if (typeof dial === 'function')
      return (number) =>
        Promise.resolve((dial as (to: string) => unknown).call(owner, number)).then(() => undefined);
  }
  return null;
}
