import { z } from 'zod';
import { desktopStatusSchema } from './desktop-status.std.js';
import type { DialRequest } from './dial-link.std.js';
import { globalShortcutSettingsSchema, type GlobalShortcutSettings } from './global-shortcuts.std.js';
import { historyInputSchemas } from './history/history-ipc-contract.std.js';
import type { HistoryFacetValues, HistoryQueryPage } from './history/history-query-types.std.js';
import type { HistoryStatus, HistorySyncReport } from './history/history-status.std.js';
import type { LocalCall, ReportedConflict } from './history/history-store-types.std.js';
import { incomingCallSchema } from './incoming-call.std.js';
import { IpcChannel, IpcEvent, type IpcChannelName, type IpcEventName } from './ipc-channels.std.js';
import type { ServerUrlSource } from './launch-options.std.js';
import type { MicrosoftSignInOutcome } from './microsoft-sign-in-types.std.js';
import type { Result } from './result.std.js';
import { secretNameSchema, secretValueSchema } from './secret-store.std.js';
import { serverUrlSchema } from './settings-schema.std.js';

/**
 * The one contract between the Tandem page and the main process: channel names, a zod schema for what each
 * channel accepts, and the type of what it answers. The main process checks every input against its schema
 * before acting (`ipc-handlers.main.ts`); the preload only forwards (`tandem-bridge-factory.std.ts`).
 *
 * Every answer is an `IpcResult`: `{ ok: true, value }` or `{ ok: false, error }`, never a rejected promise,
 * because an `Error` loses everything but its message on its way through IPC and the context bridge
 * (Signal Desktop `app/sql_channel.main.ts`).
 */
export { IpcChannel, IpcEvent, type IpcChannelName, type IpcEventName };

export const ipcInputSchemas = {
  [IpcChannel.GetAppInfo]: z.undefined(),
  [IpcChannel.GetSettings]: z.undefined(),
  /** `null` forgets the saved URL, so the default (or IT's argument or variable) applies again. */
  [IpcChannel.SetServerUrl]: z.strictObject({ serverUrl: serverUrlSchema.nullable() }),
  [IpcChannel.SetStartAtLogin]: z.strictObject({ enabled: z.boolean() }),
  [IpcChannel.SetGlobalShortcuts]: globalShortcutSettingsSchema,
  /** The page reports the agent's state whenever it changes: the tray and global shortcuts follow it. */
  [IpcChannel.SetDesktopStatus]: desktopStatusSchema,
  [IpcChannel.ShowIncomingCall]: incomingCallSchema,
  [IpcChannel.DismissIncomingCall]: z.strictObject({ callId: z.string().min(1).max(128) }),
  [IpcChannel.TakePendingDial]: z.undefined(),
  [IpcChannel.SecretsAvailable]: z.undefined(),
  [IpcChannel.GetSecret]: z.strictObject({ name: secretNameSchema }),
  [IpcChannel.SetSecret]: z.strictObject({ name: secretNameSchema, value: secretValueSchema }),
  [IpcChannel.DeleteSecret]: z.strictObject({ name: secretNameSchema }),
  /** The local call history (`history/history-ipc-contract.std.ts`). */
  [IpcChannel.HistoryOpen]: historyInputSchemas.open,
  [IpcChannel.HistoryStatus]: z.undefined(),
  [IpcChannel.HistoryQuery]: historyInputSchemas.query,
  [IpcChannel.HistoryFacets]: z.undefined(),
  [IpcChannel.HistoryGet]: historyInputSchemas.get,
  [IpcChannel.HistoryEdit]: historyInputSchemas.edit,
  [IpcChannel.HistoryConflicts]: z.undefined(),
  [IpcChannel.HistoryMarkConflictsSeen]: historyInputSchemas.markConflictsSeen,
  [IpcChannel.HistorySyncNow]: z.undefined(),
  [IpcChannel.HistoryClose]: historyInputSchemas.close,
  /** Microsoft sign-in in the system browser (`microsoft-sign-in-session.node.ts`). */
  [IpcChannel.MicrosoftSignIn]: z.undefined(),
  [IpcChannel.MicrosoftSignOut]: z.undefined(),
} as const satisfies Record<IpcChannelName, z.ZodType>;

export interface AppInfo {
  name: string;
  version: string;
  platform: 'darwin' | 'linux' | 'win32' | 'other';
  arch: string;
  electronVersion: string;
  chromeVersion: string;
}

export interface SettingsView {
  /** What the agent saved on this computer, `null` for none. */
  savedServerUrl: string | null;
  /** The server this window shows. */
  activeServerUrl: string;
  activeServerUrlSource: ServerUrlSource;
  /**
   * True when the next start would use another server than `activeServerUrl`. When IT sets the URL with
   * `--server-url` or `TANDEM_SERVER_URL`, a saved URL does not apply and this stays false.
   */
  restartRequired: boolean;
  startAtLogin: boolean;
  globalShortcuts: GlobalShortcutSettings;
}

export interface IpcOutputs {
  [IpcChannel.GetAppInfo]: AppInfo;
  [IpcChannel.GetSettings]: SettingsView;
  [IpcChannel.SetServerUrl]: SettingsView;
  [IpcChannel.SetStartAtLogin]: SettingsView;
  [IpcChannel.SetGlobalShortcuts]: SettingsView;
  [IpcChannel.SetDesktopStatus]: null;
  [IpcChannel.ShowIncomingCall]: null;
  [IpcChannel.DismissIncomingCall]: null;
  /** The waiting dial request (taken: the next call answers `null`), or `null`. */
  [IpcChannel.TakePendingDial]: DialRequest | null;
  [IpcChannel.SecretsAvailable]: boolean;
  [IpcChannel.GetSecret]: string | null;
  [IpcChannel.SetSecret]: null;
  [IpcChannel.DeleteSecret]: null;
  [IpcChannel.HistoryOpen]: HistoryStatus;
  [IpcChannel.HistoryStatus]: HistoryStatus;
  /** The filtered page, newest first, and how many calls match in all. */
  [IpcChannel.HistoryQuery]: HistoryQueryPage;
  [IpcChannel.HistoryFacets]: HistoryFacetValues;
  /** The call with its timeline, or `null` when this computer does not have it. */
  [IpcChannel.HistoryGet]: LocalCall | null;
  /** The call as it now reads here (the edit shown, not yet confirmed: `pendingEdits`). */
  [IpcChannel.HistoryEdit]: LocalCall | null;
  [IpcChannel.HistoryConflicts]: ReportedConflict[];
  [IpcChannel.HistoryMarkConflictsSeen]: HistoryStatus;
  [IpcChannel.HistorySyncNow]: HistorySyncReport;
  [IpcChannel.HistoryClose]: null;
  /** The agent's Tandem credentials, or why not; never a Microsoft token. */
  [IpcChannel.MicrosoftSignIn]: MicrosoftSignInOutcome;
  /** The Microsoft account is forgotten on this computer. */
  [IpcChannel.MicrosoftSignOut]: null;
}

/** What the page sends on a channel. */
export type IpcInput<Channel extends IpcChannelName> = z.input<(typeof ipcInputSchemas)[Channel]>;
/** What the main-process handler receives once the input passed its schema. */
export type IpcValidInput<Channel extends IpcChannelName> = z.output<(typeof ipcInputSchemas)[Channel]>;

export type IpcErrorCode =
  /** The input failed its schema; `message` says why in words a settings screen can show. */
  | 'invalid-input'
  /** The call came from a page that is not the Tandem server, or from an unknown channel. */
  | 'forbidden'
  /** The main process tried and failed (a file could not be written, ...). */
  | 'failed'
  /** This computer cannot do it (no key store for secrets, ...), or not now (no history open before sign-in). */
  | 'unavailable';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

export type IpcResult<Channel extends IpcChannelName> = Result<IpcOutputs[Channel], IpcError>;

export function isIpcChannelName(name: string): name is IpcChannelName {
  return Object.hasOwn(ipcInputSchemas, name);
}
