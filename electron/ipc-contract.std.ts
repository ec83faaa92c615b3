import { z } from 'zod';
import { IpcChannel, type IpcChannelName } from './ipc-channels.std.js';
import type { ServerUrlSource } from './launch-options.std.js';
import type { Result } from './result.std.js';
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
export { IpcChannel, type IpcChannelName };

export const ipcInputSchemas = {
  [IpcChannel.GetAppInfo]: z.undefined(),
  [IpcChannel.GetSettings]: z.undefined(),
  /** `null` forgets the saved URL, so the default (or IT's argument or variable) applies again. */
  [IpcChannel.SetServerUrl]: z.strictObject({ serverUrl: serverUrlSchema.nullable() }),
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
}

export interface IpcOutputs {
  [IpcChannel.GetAppInfo]: AppInfo;
  [IpcChannel.GetSettings]: SettingsView;
  [IpcChannel.SetServerUrl]: SettingsView;
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
  | 'failed';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

export type IpcResult<Channel extends IpcChannelName> = Result<IpcOutputs[Channel], IpcError>;

export function isIpcChannelName(name: string): name is IpcChannelName {
  return Object.hasOwn(ipcInputSchemas, name);
}
