/**
 * The channel names of the IPC contract (`ipc-contract.std.ts`), kept apart from its zod schemas so that the
 * preload bundle, which only forwards calls, does not carry zod.
 */
export const IpcChannel = {
  GetAppInfo: 'app:get-info',
  GetSettings: 'settings:get',
  SetServerUrl: 'settings:set-server-url',
} as const;

export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];
