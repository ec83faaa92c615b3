import { IpcChannel, type IpcChannelName } from './ipc-channels.std.js';
import type { IpcInput, IpcResult } from './ipc-contract.std.js';
import type { TandemBridge } from './tandem-bridge.std.js';

/** `ipcRenderer.invoke`, as far as the bridge needs it. */
export type Invoke = (channel: string, input: unknown) => Promise<unknown>;

/**
 * Builds `window.tandem` on top of `invoke`. Each function sends to exactly one channel of the contract, so the
 * page cannot name a channel of its own. A rejected invoke (no handler yet, the main process going away) is
 * turned into `{ ok: false }` so that the page only ever deals with results.
 */
export function createTandemBridge(invoke: Invoke): TandemBridge {
  const call = async <Channel extends IpcChannelName>(
    channel: Channel,
    input: IpcInput<Channel>,
  ): Promise<IpcResult<Channel>> => {
    try {
      return (await invoke(channel, input)) as IpcResult<Channel>;
    } catch (error) {
      return {
        ok: false,
        error: { code: 'failed', message: error instanceof Error ? error.message : String(error) },
      };
    }
  };
  return {
    app: {
      getInfo: () => call(IpcChannel.GetAppInfo, undefined),
    },
    settings: {
      get: () => call(IpcChannel.GetSettings, undefined),
      setServerUrl: (serverUrl) => call(IpcChannel.SetServerUrl, { serverUrl }),
    },
  };
}
