/**
 * Connects the desk to the Electron shell when the page runs inside it (`window.tandem`, see
 * electron/tandem-bridge.std.ts); in a browser there is no bridge and nothing here runs.
 *
 * - the agent's state, call and language -> `desktop.setStatus` (tray icon and menu, global shortcuts);
 * - a call starting to ring -> `calls.showIncoming` (OS notification), dismissed when it stops ringing;
 * - tray and global-shortcut commands -> the desk's call and state actions;
 * - `tel:` / `sip:` / `callto:` links -> click-to-dial, taken only while signed in and able to dial, so a
 *   link that started Tandem waits in the main process until the agent has signed in.
 */
import type { DesktopStatus } from '../../electron/desktop-status.std.js';
import type { DialRequest } from '../../electron/dial-link.std.js';
import type { IncomingCall } from '../../electron/incoming-call.std.js';
import type { PageCommand } from '../../electron/page-commands.std.js';
import type { TandemBridge, Unsubscribe } from '../../electron/tandem-bridge.std.js';
import type { TandemState, TandemStore } from '../store/store.js';
import type { AgentStateCommand } from './agent-api.js';
import type { SoftphoneControls } from './softphone/softphone-types.js';

export type DesktopBridge = Pick<TandemBridge, 'desktop' | 'calls' | 'dial'>;

/** What the bridge needs of the desk. */
export interface BridgedDesk {
  readonly call: Pick<SoftphoneControls, 'answer' | 'decline' | 'hangUp' | 'setHeld' | 'setMuted'>;
  setAgentState(command: AgentStateCommand): Promise<void>;
}

export interface DesktopBridgeDeps {
  readonly store: TandemStore;
  readonly bridge: DesktopBridge;
  readonly desk: BridgedDesk;
  /** Places an outgoing call; without it dial links stay waiting in the main process. */
  readonly dial?: ((target: string) => Promise<void>) | null;
  /** Told of a bridge call or desk action that failed (the desk shows its own refusals). */
  readonly onProblem?: (what: string, error: unknown) => void;
}

/** `window.tandem` when the page runs in the desktop app, else null. */
export function desktopBridgeOf(global: object): TandemBridge | null {
  const candidate: unknown = (global as { tandem?: unknown }).tandem;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const { desktop, calls, dial } = candidate as Partial<Record<string, unknown>>;
  const isSection = (section: unknown) => typeof section === 'object' && section !== null;
  return isSection(desktop) && isSection(calls) && isSection(dial) ? (candidate as TandemBridge) : null;
}

export function desktopStatusOf(state: TandemState): DesktopStatus {
  const signedIn = state.session.status === 'signedIn';
  const current = state.calls.current;
  const inCall =
    signedIn && current !== null && (current.phase === 'connecting' || current.phase === 'active');
  return {
    agentState: signedIn ? state.agentState.state : null,
    call: inCall ? { onHold: current.held, muted: current.muted } : null,
    locale: state.preferences.locale,
  };
}

/** The ringing incoming call to notify about, or null. */
export function ringingCallOf(state: TandemState): IncomingCall | null {
  const current = state.calls.current;
  if (state.session.status !== 'signedIn' || current === null) return null;
  if (current.direction !== 'incoming' || current.phase !== 'ringing') return null;
  return {
    callId: current.id,
    callerNumber: current.remoteNumber,
    callerName: current.remoteName,
    queueName: current.context?.queue ?? null,
  };
}

const sameStatus = (a: DesktopStatus | null, b: DesktopStatus) =>
  a !== null &&
  a.agentState === b.agentState &&
  a.locale === b.locale &&
  a.call?.onHold === b.call?.onHold &&
  a.call?.muted === b.call?.muted &&
  (a.call === null) === (b.call === null);

/** Starts following the store; returns a function that stops (calling it twice is harmless). */
export function startDesktopBridge(deps: DesktopBridgeDeps): () => void {
  const { store, bridge, desk } = deps;
  const problem = deps.onProblem ?? (() => undefined);
  const report = (what: string, result: Promise<{ ok: boolean; error?: unknown }>) =>
    void result.then(
      (answer) => {
        if (!answer.ok) problem(what, answer.error);
      },
      (error: unknown) => problem(what, error),
    );
  const run = (what: string, action: () => Promise<void> | void) => {
    try {
      void Promise.resolve(action()).catch((error: unknown) => problem(what, error));
    } catch (error) {
      problem(what, error);
    }
  };

  let sentStatus: DesktopStatus | null = null;
  let notifiedCallId: string | null = null;
  let stopDial: Unsubscribe | null = null;

  const commands: Record<PageCommand, () => Promise<void> | void> = {
    answer: () => desk.call.answer(),
    decline: () => desk.call.decline(),
    'hang-up': () => desk.call.hangUp(),
    hold: () => desk.call.setHeld(true),
    resume: () => desk.call.setHeld(false),
    mute: () => desk.call.setMuted(true),
    unmute: () => desk.call.setMuted(false),
    'go-available': () => desk.setAgentState({ state: 'Available' }),
    'go-not-ready': () => {
      const reason = store.getState().agentState.notReadyReasons[0];
      if (reason === undefined) throw new Error('the server offers no Not ready reason');
      return desk.setAgentState({ state: 'NotReady', reason });
    },
    'go-offline': () => desk.setAgentState({ state: 'Offline' }),
  };

  const placeCall = (request: DialRequest) => {
    const dial = deps.dial;
    if (!dial) return;
    run('click-to-dial', () => dial(request.target));
  };

  const follow = (state: TandemState) => {
    const status = desktopStatusOf(state);
    if (!sameStatus(sentStatus, status)) {
      sentStatus = status;
      report('tray status', bridge.desktop.setStatus(status));
    }

    const ringing = ringingCallOf(state);
    if (ringing?.callId !== notifiedCallId) {
      if (notifiedCallId !== null)
        report('dismiss notification', bridge.calls.dismissIncoming(notifiedCallId));
      notifiedCallId = ringing?.callId ?? null;
      if (ringing !== null) report('incoming-call notification', bridge.calls.showIncoming(ringing));
    }

    const canDial = state.session.status === 'signedIn' && Boolean(deps.dial);
    if (canDial && stopDial === null) stopDial = bridge.dial.onRequest(placeCall);
    if (!canDial && stopDial !== null) {
      stopDial();
      stopDial = null;
    }
  };

  const stopCommands = bridge.desktop.onCommand((command) =>
    run(`tray command ${command}`, commands[command]),
  );
  const stopStore = store.subscribe(follow);
  follow(store.getState());

  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    stopStore();
    stopCommands();
    stopDial?.();
    stopDial = null;
  };
}
