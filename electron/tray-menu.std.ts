import {
  desktopLocaleOf,
  type AgentStateName,
  type DesktopStatus,
  type PageCommand,
} from './desktop-status.std.js';
import { desktopStrings, type DesktopStrings } from './desktop-strings.std.js';

/**
 * The tray icon's look and menu for an agent status: a pure function, so that which quick actions appear in
 * which state is tested without Electron (`tray.main.ts` turns the model into a `Menu`).
 *
 * The actions follow what an agent reaches for without opening the window:
 *
 *   signed out  -> show, quit
 *   Offline     -> go available | show, quit
 *   Available   -> not ready, go offline | show, quit
 *   NotReady    -> go available, go offline | show, quit
 *   Offered     -> answer, decline | show, quit (asks first)
 *   OnCall      -> hold or resume, mute or unmute, hang up | show, quit (asks first)
 *   WrapUp      -> go available, not ready | show, quit
 */
export type TrayIconState = 'signed-out' | 'offline' | 'available' | 'not-ready' | 'ringing' | 'busy';

export type TrayAction = PageCommand | 'show-window' | 'quit';

export type TrayMenuItem =
  | { kind: 'status'; label: string }
  | { kind: 'action'; action: TrayAction; label: string }
  | { kind: 'separator' };

export interface TrayModel {
  icon: TrayIconState;
  tooltip: string;
  items: TrayMenuItem[];
  /** Quitting now would end a call: the glue asks the agent first. */
  quitNeedsConfirmation: boolean;
}

const iconByState: Record<AgentStateName, TrayIconState> = {
  Offline: 'offline',
  Available: 'available',
  NotReady: 'not-ready',
  Offered: 'ringing',
  OnCall: 'busy',
  WrapUp: 'busy',
};

export function buildTrayModel(status: DesktopStatus): TrayModel {
  const strings = desktopStrings[desktopLocaleOf(status.locale)];
  const stateLabel = status.agentState === null ? strings.signedOut : strings.state[status.agentState];
  const quickActions = quickActionsFor(status, strings);
  const items: TrayMenuItem[] = [
    { kind: 'status', label: stateLabel },
    { kind: 'separator' },
    ...quickActions,
    ...(quickActions.length > 0 ? [{ kind: 'separator' } as const] : []),
    { kind: 'action', action: 'show-window', label: strings.show },
    { kind: 'action', action: 'quit', label: strings.quit },
  ];
  return {
    icon: status.agentState === null ? 'signed-out' : iconByState[status.agentState],
    tooltip: `Tandem: ${stateLabel}`,
    items,
    quitNeedsConfirmation:
      status.call !== null || status.agentState === 'Offered' || status.agentState === 'OnCall',
  };
}

function quickActionsFor(status: DesktopStatus, strings: DesktopStrings): TrayMenuItem[] {
  const action = (command: PageCommand, label: string): TrayMenuItem => ({
    kind: 'action',
    action: command,
    label,
  });
  switch (status.agentState) {
    case null:
      return [];
    case 'Offline':
      return [action('go-available', strings.goAvailable)];
    case 'Available':
      return [action('go-not-ready', strings.goNotReady), action('go-offline', strings.goOffline)];
    case 'NotReady':
      return [action('go-available', strings.goAvailable), action('go-offline', strings.goOffline)];
    case 'Offered':
      return [action('answer', strings.answer), action('decline', strings.decline)];
    case 'OnCall': {
      const call = status.call ?? { onHold: false, muted: false };
      return [
        call.onHold ? action('resume', strings.resume) : action('hold', strings.hold),
        call.muted ? action('unmute', strings.unmute) : action('mute', strings.mute),
        action('hang-up', strings.hangUp),
      ];
    }
    case 'WrapUp':
      return [action('go-available', strings.goAvailable), action('go-not-ready', strings.goNotReady)];
  }
}
