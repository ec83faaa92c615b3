import type { DesktopStatus } from './desktop-status.std.js';
import type { DialRequest } from './dial-link.std.js';
import type { GlobalShortcutSettings } from './global-shortcuts.std.js';
import type {
  HistoryEditInput,
  HistoryOpenInput,
  HistoryQueryInput,
} from './history/history-ipc-contract.std.js';
import type { HistoryFacetValues, HistoryQueryPage } from './history/history-query-types.std.js';
import type { HistoryStatus, HistorySyncReport } from './history/history-status.std.js';
import type { LocalCall, ReportedConflict } from './history/history-store-types.std.js';
import type { IncomingCall } from './incoming-call.std.js';
import type { AppInfo, IpcError, SettingsView } from './ipc-contract.std.js';
import type { MicrosoftSignInOutcome } from './microsoft-sign-in-types.std.js';
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
  /**
   * The agent's call history on this computer (SQLite in a worker thread of the main process), kept in
   * step with the server in the background; reads and edits work with the server away. Everything but
   * `open`, `status` and `close` fails with `unavailable` until `open` succeeded.
   */
  readonly history: {
    /** Opens the signed-in agent's history and starts a sync; the password is kept in memory only. */
    open(credentials: HistoryOpenInput): Promise<Result<HistoryStatus, IpcError>>;
    status(): Promise<Result<HistoryStatus, IpcError>>;
    /** The filtered page, newest first, and how many calls match. */
    query(query: HistoryQueryInput): Promise<Result<HistoryQueryPage, IpcError>>;
    facets(): Promise<Result<HistoryFacetValues, IpcError>>;
    get(callId: string): Promise<Result<LocalCall | null, IpcError>>;
    /** Shown at once; the outbox sends it when the server answers. */
    edit(edit: HistoryEditInput): Promise<Result<LocalCall | null, IpcError>>;
    conflicts(): Promise<Result<ReportedConflict[], IpcError>>;
    markConflictsSeen(ids: number[]): Promise<Result<HistoryStatus, IpcError>>;
    /** Outbox, then every change; answers when the pass ended. */
    syncNow(): Promise<Result<HistorySyncReport, IpcError>>;
    /** At sign-out; `wipe` deletes this computer's copy. */
    close(options: { wipe: boolean }): Promise<Result<null, IpcError>>;
    /** Sync state, progress and counts, whenever they change. */
    onStatus(listener: (status: HistoryStatus) => void): Unsubscribe;
  };
  /**
   * Microsoft sign-in in the system browser (MSAL, PKCE, loopback redirect; silent when the encrypted cache
   * still holds the account): the page gets the agent's Tandem credentials, or a refusal with a code.
   */
  readonly microsoft: {
    signIn(): Promise<Result<MicrosoftSignInOutcome, IpcError>>;
    /** At sign-out: forgets the Microsoft account and its tokens on this computer. */
    signOut(): Promise<Result<null, IpcError>>;
  };
}

/** The name under which the bridge appears on `window`. */
export const tandemBridgeKey = 'tandem';
