/**
 * The channel names of the IPC contract (`ipc-contract.std.ts`), kept apart from its zod schemas so that the
 * preload bundle, which only forwards calls, does not carry zod.
 */
export const IpcChannel = {
  GetAppInfo: 'app:get-info',
  GetSettings: 'settings:get',
  SetServerUrl: 'settings:set-server-url',
  SetStartAtLogin: 'settings:set-start-at-login',
  SetGlobalShortcuts: 'settings:set-global-shortcuts',
  SetDesktopStatus: 'desktop:set-status',
  ShowIncomingCall: 'call:show-incoming',
  DismissIncomingCall: 'call:dismiss-incoming',
  TakePendingDial: 'dial:take-pending',
  SecretsAvailable: 'secrets:is-available',
  GetSecret: 'secrets:get',
  SetSecret: 'secrets:set',
  DeleteSecret: 'secrets:delete',
  HistoryOpen: 'history:open',
  HistoryStatus: 'history:status',
  HistoryQuery: 'history:query',
  HistoryFacets: 'history:facets',
  HistoryGet: 'history:get',
  HistoryEdit: 'history:edit',
  HistoryConflicts: 'history:conflicts',
  HistoryMarkConflictsSeen: 'history:mark-conflicts-seen',
  HistorySyncNow: 'history:sync-now',
  HistoryClose: 'history:close',
  MicrosoftSignIn: 'microsoft:sign-in',
  MicrosoftSignOut: 'microsoft:sign-out',
} as const;

export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];

/**
 * Messages the main process sends the page (`webContents.send`), never the other way round. Each carries
 * little: a command name, or only the news that a dial request waits (the page then takes it with
 * `dial:take-pending`, so a request is delivered once even if the page was not listening yet).
 */
export const IpcEvent = {
  Command: 'desktop:command',
  DialRequestWaiting: 'dial:request-waiting',
  /** The call history's status changed (`HistoryStatus`: sync state, progress, counts). */
  HistoryStatusChanged: 'history:status-changed',
} as const;

export type IpcEventName = (typeof IpcEvent)[keyof typeof IpcEvent];
