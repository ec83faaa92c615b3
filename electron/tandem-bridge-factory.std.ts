import { IpcChannel, IpcEvent, type IpcChannelName, type IpcEventName } from './ipc-channels.std.js';
import type { IpcInput, IpcResult } from './ipc-contract.std.js';
import type { DialRequest } from './dial-link.std.js';
import { isHistoryStatus, type HistoryStatus } from './history/history-status.std.js';
import { isPageCommand, type PageCommand } from './page-commands.std.js';
import type { TandemBridge, Unsubscribe } from './tandem-bridge.std.js';

/** `ipcRenderer.invoke`, as far as the bridge needs it. */
export type Invoke = (channel: string, input: unknown) => Promise<unknown>;

/**
 * `ipcRenderer.on` for one event channel, handing the listener only the payload (never the IPC event, which
 * carries `ipcRenderer` itself); returns the matching `removeListener`.
 */
export type Subscribe = (event: IpcEventName, listener: (payload: unknown) => void) => Unsubscribe;

const noEvents: Subscribe = () => () => {};

/**
 * Builds `window.tandem` on top of `invoke` and `subscribe`. Each function sends to exactly one channel of the
 * contract, so the page cannot name a channel of its own. A rejected invoke (no handler yet, the main process
 * going away) is turned into `{ ok: false }` so that the page only ever deals with results. Listener errors
 * stay in the page's own code and never break the bridge for other listeners.
 */
export function createTandemBridge(invoke: Invoke, subscribe: Subscribe = noEvents): TandemBridge {
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

  const commandListeners = new Set<(command: PageCommand) => void>();
  let stopCommands: Unsubscribe | null = null;
  const onCommand = (listener: (command: PageCommand) => void): Unsubscribe => {
    commandListeners.add(listener);
    stopCommands ??= subscribe(IpcEvent.Command, (payload) => {
      if (isPageCommand(payload)) {
        notifyEach(commandListeners, payload);
      }
    });
    return () => {
      commandListeners.delete(listener);
      if (commandListeners.size === 0 && stopCommands !== null) {
        stopCommands();
        stopCommands = null;
      }
    };
  };

  const dialListeners = new Set<(request: DialRequest) => void>();
  let stopDial: Unsubscribe | null = null;
  const takeWaitingDialRequest = async (): Promise<void> => {
    if (dialListeners.size === 0) {
      return; // leave it waiting for a page that can dial
    }
    const result = await call(IpcChannel.TakePendingDial, undefined);
    if (result.ok && result.value !== null) {
      notifyEach(dialListeners, result.value);
    }
  };
  const onDialRequest = (listener: (request: DialRequest) => void): Unsubscribe => {
    dialListeners.add(listener);
    stopDial ??= subscribe(IpcEvent.DialRequestWaiting, () => void takeWaitingDialRequest());
    void takeWaitingDialRequest();
    return () => {
      dialListeners.delete(listener);
      if (dialListeners.size === 0 && stopDial !== null) {
        stopDial();
        stopDial = null;
      }
    };
  };

  const historyListeners = new Set<(status: HistoryStatus) => void>();
  let stopHistory: Unsubscribe | null = null;
  const onHistoryStatus = (listener: (status: HistoryStatus) => void): Unsubscribe => {
    historyListeners.add(listener);
    stopHistory ??= subscribe(IpcEvent.HistoryStatusChanged, (payload) => {
      if (isHistoryStatus(payload)) {
        notifyEach(historyListeners, payload);
      }
    });
    return () => {
      historyListeners.delete(listener);
      if (historyListeners.size === 0 && stopHistory !== null) {
        stopHistory();
        stopHistory = null;
      }
    };
  };

  return {
    app: {
      getInfo: () => call(IpcChannel.GetAppInfo, undefined),
    },
    settings: {
      get: () => call(IpcChannel.GetSettings, undefined),
      setServerUrl: (serverUrl) => call(IpcChannel.SetServerUrl, { serverUrl }),
      setStartAtLogin: (enabled) => call(IpcChannel.SetStartAtLogin, { enabled }),
      setGlobalShortcuts: (settings) => call(IpcChannel.SetGlobalShortcuts, settings),
    },
    desktop: {
      setStatus: (status) => call(IpcChannel.SetDesktopStatus, status),
      onCommand,
    },
    calls: {
      showIncoming: (incoming) => call(IpcChannel.ShowIncomingCall, incoming),
      dismissIncoming: (callId) => call(IpcChannel.DismissIncomingCall, { callId }),
    },
    dial: {
      onRequest: onDialRequest,
    },
    secrets: {
      isAvailable: () => call(IpcChannel.SecretsAvailable, undefined),
      get: (name) => call(IpcChannel.GetSecret, { name }),
      set: (name, value) => call(IpcChannel.SetSecret, { name, value }),
      delete: (name) => call(IpcChannel.DeleteSecret, { name }),
    },
    history: {
      open: (credentials) => call(IpcChannel.HistoryOpen, credentials),
      status: () => call(IpcChannel.HistoryStatus, undefined),
      query: (query) => call(IpcChannel.HistoryQuery, query),
      facets: () => call(IpcChannel.HistoryFacets, undefined),
      get: (callId) => call(IpcChannel.HistoryGet, { callId }),
      edit: (edit) => call(IpcChannel.HistoryEdit, edit),
      conflicts: () => call(IpcChannel.HistoryConflicts, undefined),
      markConflictsSeen: (ids) => call(IpcChannel.HistoryMarkConflictsSeen, { ids }),
      syncNow: () => call(IpcChannel.HistorySyncNow, undefined),
      close: (options) => call(IpcChannel.HistoryClose, options),
      onStatus: onHistoryStatus,
    },
    microsoft: {
      signIn: () => call(IpcChannel.MicrosoftSignIn, undefined),
      signOut: () => call(IpcChannel.MicrosoftSignOut, undefined),
    },
  };
}

function notifyEach<Value>(listeners: ReadonlySet<(value: Value) => void>, value: Value): void {
  for (const listener of [...listeners]) {
    try {
      listener(value);
    } catch (error) {
      // Report it the way an uncaught error in the page would be, without stopping the other listeners.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
