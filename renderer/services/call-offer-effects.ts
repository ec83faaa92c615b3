/**
 * What happens on its own when a call is offered or answered, by the agent's preferences:
 * - auto-answer: a ringing incoming call is answered at once;
 * - screen pop: once the call is up, the CRM page for the caller opens in a new window (screen-pop.ts).
 * Each call is handled once, by its softphone id. Also keeps these two preferences in storage.
 */
import type { TandemStore } from '../store/store.js';
import type { PreferenceStorage } from './preferences-service.js';
import { screenPopProblem, screenPopUrl } from './screen-pop.js';

export const autoAnswerStorageKey = 'tandem.autoAnswer';
export const screenPopStorageKey = 'tandem.screenPop';

export interface CallOfferEffectsOptions {
  readonly store: TandemStore;
  readonly answer: () => Promise<void>;
  /** Opens a page for the agent (a new tab or window; Electron sends it to the system browser). */
  readonly openPage: (url: string) => void;
  readonly storage?: PreferenceStorage | undefined;
}

/** The stored auto-answer and screen-pop preferences, applied to the store. */
export function loadDeskPreferences(store: TandemStore, storage: PreferenceStorage | undefined): void {
  const read = (key: string) => {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };
  const { preferences } = store.getState().actions;
  if (read(autoAnswerStorageKey) === 'true') preferences.setAutoAnswer(true);
  const template = read(screenPopStorageKey);
  if (template && screenPopProblem(template) === null) preferences.setScreenPopTemplate(template);
}

/** Starts following the store; returns the function that stops it. */
export function startCallOfferEffects(options: CallOfferEffectsOptions): () => void {
  const { store } = options;
  let autoAnswered: string | null = null;
  let popped: string | null = null;
  const remember = (key: string, value: string | null) => {
    try {
      options.storage?.setItem(key, value ?? ''); // empty: none
    } catch {
      // storage full or refused: the preference lasts for this session
    }
  };
  return store.subscribe((state, previous) => {
    if (state.preferences.autoAnswer !== previous.preferences.autoAnswer)
      remember(autoAnswerStorageKey, String(state.preferences.autoAnswer));
    if (state.preferences.screenPopTemplate !== previous.preferences.screenPopTemplate)
      remember(screenPopStorageKey, state.preferences.screenPopTemplate);

    const call = state.calls.current;
    if (call === null || call === previous.calls.current) return;
    if (
      call.phase === 'ringing' &&
      call.direction === 'incoming' &&
      state.preferences.autoAnswer &&
      autoAnswered !== call.id
    ) {
      autoAnswered = call.id;
      void options.answer().catch(() => undefined);
    }
    const template = state.preferences.screenPopTemplate;
    if (call.phase === 'active' && call.direction === 'incoming' && template !== null && popped !== call.id) {
      popped = call.id;
      const url = screenPopUrl(template, {
        number: call.remoteNumber,
        name: call.remoteName,
        queue: call.context?.queue ?? null,
        callId: call.serverCallId,
        waited:
          call.context?.waitedSeconds === null || !call.context ? null : String(call.context.waitedSeconds),
      });
      if (url !== null) options.openPage(url);
    }
  });
}
