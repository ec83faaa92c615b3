/**
 * The call-history channels of the IPC contract, answered by `DesktopHistory`. `ipc-handlers.main.ts`
 * spreads them into its handler map; it has already checked the sender and validated the input.
 */
import type { IpcOutputs, IpcValidInput } from '../ipc-contract.std.js';
import { IpcChannel } from '../ipc-channels.std.js';
import type { DesktopHistory } from './desktop-history.node.js';

type HistoryChannel = Extract<(typeof IpcChannel)[keyof typeof IpcChannel], `history:${string}`>;

export type HistoryIpcHandlers = {
  [Channel in HistoryChannel]: (
    input: IpcValidInput<Channel>,
  ) => Promise<IpcOutputs[Channel]> | IpcOutputs[Channel];
};

export type HistoryPort = Pick<
  DesktopHistory,
  | 'open'
  | 'status'
  | 'query'
  | 'facets'
  | 'get'
  | 'edit'
  | 'conflicts'
  | 'markConflictsSeen'
  | 'syncNow'
  | 'close'
>;

export interface HistoryIpcPolicy {
  /** IT's setting: every sign-out wipes this computer's copy, whatever the page asks. */
  wipeAtSignOut(): boolean;
}

const pageDecides: HistoryIpcPolicy = { wipeAtSignOut: () => false };

export function createHistoryIpcHandlers(
  history: HistoryPort,
  policy: HistoryIpcPolicy = pageDecides,
): HistoryIpcHandlers {
  return {
    [IpcChannel.HistoryOpen]: (credentials) => history.open(credentials),
    [IpcChannel.HistoryStatus]: () => history.status(),
    [IpcChannel.HistoryQuery]: (query) => history.query(query),
    [IpcChannel.HistoryFacets]: () => history.facets(),
    [IpcChannel.HistoryGet]: ({ callId }) => history.get(callId),
    [IpcChannel.HistoryEdit]: (edit) => history.edit(edit),
    [IpcChannel.HistoryConflicts]: () => history.conflicts(),
    [IpcChannel.HistoryMarkConflictsSeen]: ({ ids }) => history.markConflictsSeen(ids),
    [IpcChannel.HistorySyncNow]: () => history.syncNow(),
    [IpcChannel.HistoryClose]: async ({ wipe }) => {
      await history.close({ wipe: wipe || policy.wipeAtSignOut() });
      return null;
    },
  };
}
