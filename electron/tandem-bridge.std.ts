import type { DesktopStatus } from './desktop-status.std.js';
import type { DialRequest } from './dial-link.std.js';
import type { GlobalShortcutSettings } from './global-shortcuts.std.js';
import type { IncomingCall } from './incoming-call.std.js';
import type { AppInfo, IpcError, SettingsView } from './ipc-contract.std.js';
import type { PageCommand } from './page-commands.std.js';
import type { Result } from './result.std.js';
import type { SecretName } from './secret-store.std.js';

/** Stops a subscription; calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * What the desktop app adds to the page as `window.tandem` (through `contextBridge`, never `ipcRenderer`
 * itself). The renderer imports this type and offers a browser implementation wherever one makes sense.
 *
 * No function here rejects: failures come back as `{ ok: false, error }`.
 */
export interface TandemBridge {
  readonly app: {
    getInfo(): Promise<Result<AppInfo, IpcError>>;
  };
  readonly settings: {
    get(): Promise<Result<SettingsView, IpcError>>;
    /** Saves the server URL (`null` forgets it); takes effect on the next start (`restartRequired`). */
    setServerUrl(serverUrl: string | null): Promise<Result<SettingsView, IpcError>>;
    setStartAtLogin(enabled: boolean): Promise<Result<SettingsView, IpcError>>;
    setGlobalShortcuts(settings: GlobalShortcutSettings): Promise<Result<SettingsView, IpcError>>;
  };
  readonly desktop: {
    /** Tell the shell the agent's state whenever it changes: the tray and global shortcuts follow it. */
    setStatus(status: DesktopStatus): Promise<Result<null, IpcError>>;
    /** What the agent chose in the tray menu or with a global shortcut. */
    onCommand(listener: (command: PageCommand) => void): Unsubscribe;
  };
  readonly calls: {
    /** An OS notification for a ringing call; clicking it brings the window up. */
    showIncoming(call: IncomingCall): Promise<Result<null, IpcError>>;
    /** The call stopped ringing (answered, declined, gone): closes its notification. */
    dismissIncoming(callId: string): Promise<Result<null, IpcError>>;
  };
  readonly dial: {
    /**
     * Click-to-dial from `tel:`, `sip:` and `callto:` links. A request waiting from before the subscription
     * (the link that started Tandem) is delivered at once; each request is delivered once.
     */
    onRequest(listener: (request: DialRequest) => void): Unsubscribe;
  };
  readonly secrets: {
    isAvailable(): Promise<Result<boolean, IpcError>>;
    get(name: SecretName): Promise<Result<string | null, IpcError>>;
    /** Fails with `unavailable` when the computer has no key store: nothing is then stored. */
    set(name: SecretName, value: string): Promise<Result<null, IpcError>>;
    delete(name: SecretName): Promise<Result<null, IpcError>>;
  };
}

/** The name under which the bridge appears on `window`. */
export const tandemBridgeKey = 'tandem';
