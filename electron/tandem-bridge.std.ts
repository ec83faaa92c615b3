import type { AppInfo, IpcError, SettingsView } from './ipc-contract.std.js';
import type { Result } from './result.std.js';

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
  };
}

/** The name under which the bridge appears on `window`. */
export const tandemBridgeKey = 'tandem';
