import { signedOutStatus, type DesktopStatus, type PageCommand } from './desktop-status.std.js';
import type { DialRequest } from './dial-link.std.js';
import type { GlobalShortcutController } from './global-shortcuts.main.js';
import { wantedGlobalShortcuts, type GlobalShortcutSettings } from './global-shortcuts.std.js';
import type { IncomingCall } from './incoming-call.std.js';
import type { IncomingCallNotifier } from './incoming-call-notifier.main.js';
import type { DesktopShell } from './ipc-handlers.main.js';
import { IpcEvent, type IpcEventName } from './ipc-channels.std.js';
import type { Logger } from './logger.std.js';
import type { PendingDialRequests } from './pending-dial-requests.std.js';
import { buildTrayModel, type TrayAction, type TrayModel } from './tray-menu.std.js';

/** The window as the shell needs it (`MainWindow`, or nothing while no window is open). */
export interface ShellWindow {
  readonly isFocused: boolean;
  focus(): void;
  send(event: IpcEventName, payload?: unknown): boolean;
}

export interface DesktopShellParts {
  window: () => ShellWindow | null;
  tray: { show(model: TrayModel): void } | null;
  notifier: Pick<IncomingCallNotifier, 'show' | 'dismiss' | 'dismissAll'>;
  shortcuts: Pick<GlobalShortcutController, 'apply'>;
  pendingDials: Pick<PendingDialRequests, 'receive' | 'take'>;
  globalShortcutSettings: () => GlobalShortcutSettings;
  applyStartAtLogin: (enabled: boolean) => Promise<void>;
  /** Asks the agent whether to quit during a call; resolves true to quit. */
  confirmQuitDuringCall: (locale: string) => Promise<boolean>;
  quit: () => void;
  logger: Logger;
}

/**
 * Everything the desktop shell does around the page, wired together: the page reports the agent's status and
 * ringing calls; the tray, global shortcuts and notifications follow; the agent's choices there, and clicked
 * `tel:`/`sip:`/`callto:` links, go back to the page.
 */
export class DesktopShellController implements DesktopShell {
  readonly #parts: DesktopShellParts;
  #status: DesktopStatus = signedOutStatus;
  #windowFocused = false;

  constructor(parts: DesktopShellParts) {
    this.#parts = parts;
    this.#parts.tray?.show(buildTrayModel(this.#status));
  }

  get status(): DesktopStatus {
    return this.#status;
  }

  setStatus(status: DesktopStatus): void {
    this.#status = status;
    if (status.agentState === null) {
      // Signed out: no call of this agent can still ring, whatever the page said last.
      this.#parts.notifier.dismissAll();
    }
    this.#parts.tray?.show(buildTrayModel(status));
    this.#applyShortcuts();
  }

  showIncomingCall(call: IncomingCall): void {
    this.#parts.notifier.show(call, this.#status.locale);
  }

  dismissIncomingCall(callId: string): void {
    this.#parts.notifier.dismiss(callId);
  }

  takePendingDial(): DialRequest | null {
    return this.#parts.pendingDials.take();
  }

  applyStartAtLogin(enabled: boolean): Promise<void> {
    return this.#parts.applyStartAtLogin(enabled);
  }

  applyGlobalShortcuts(_settings: GlobalShortcutSettings): void {
    this.#applyShortcuts();
  }

  windowFocusChanged(focused: boolean): void {
    this.#windowFocused = focused;
    this.#applyShortcuts();
  }

  /** A link the operating system handed us: keep it for the page, tell the page, bring the window up. */
  receiveDialLink(link: string): void {
    if (!this.#parts.pendingDials.receive(link)) {
      return;
    }
    const window = this.#parts.window();
    window?.focus();
    window?.send(IpcEvent.DialRequestWaiting);
  }

  /**
   * The page (re)loaded: it knows nothing of the calls the old page notified about, and a dial request that
   * arrived before may be waiting.
   */
  pageLoaded(): void {
    this.#parts.notifier.dismissAll();
    this.#parts.window()?.send(IpcEvent.DialRequestWaiting);
  }

  runTrayAction(action: TrayAction): void {
    switch (action) {
      case 'show-window':
        this.#parts.window()?.focus();
        return;
      case 'quit':
        void this.#quit();
        return;
      default:
        this.sendCommand(action);
    }
  }

  sendCommand(command: PageCommand): void {
    const delivered = this.#parts.window()?.send(IpcEvent.Command, command) ?? false;
    if (!delivered) {
      this.#parts.logger.warn({ command }, 'command not delivered: the Tandem page is not loaded');
    }
  }

  /** For the window's close button: `true`, or the agent's answer when a call would end. */
  mayCloseWindow(): true | Promise<boolean> {
    if (!buildTrayModel(this.#status).quitNeedsConfirmation) {
      return true;
    }
    return this.#parts.confirmQuitDuringCall(this.#status.locale);
  }

  async #quit(): Promise<void> {
    if (buildTrayModel(this.#status).quitNeedsConfirmation) {
      this.#parts.window()?.focus();
      if (!(await this.#parts.confirmQuitDuringCall(this.#status.locale))) {
        return;
      }
    }
    this.#parts.quit();
  }

  #applyShortcuts(): void {
    this.#parts.shortcuts.apply(
      wantedGlobalShortcuts(this.#parts.globalShortcutSettings(), this.#status, this.#windowFocused),
    );
  }
}
