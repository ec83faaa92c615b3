/**
 * The sync engine's state. One `transition()` refuses illegal moves, so that the engine can never
 * be stuck: every state but `closed` leads back to `up-to-date` or `offline`.
 *
 *            start / syncNow
 *   idle ───────────────────────> syncing <──────────────┐
 *    │                            │  ▲  │                │ retry timer, syncNow
 *    │                  all pages │  │  │ network drop   │
 *    │                    stored  ▼  │  ▼                │
 *    │                    up-to-date  offline ───────────┘
 *    │                            │     │
 *    └─────────── close ──────────┴─────┴──────> closed
 *
 * `syncing` is also the initial download; `initial` in the progress event says which.
 */
export enum SyncState {
  Idle = 'idle',
  Syncing = 'syncing',
  UpToDate = 'up-to-date',
  Offline = 'offline',
  Closed = 'closed',
}

const ALLOWED: Record<SyncState, readonly SyncState[]> = {
  [SyncState.Idle]: [SyncState.Syncing, SyncState.Closed],
  [SyncState.Syncing]: [SyncState.UpToDate, SyncState.Offline, SyncState.Closed],
  [SyncState.UpToDate]: [SyncState.Syncing, SyncState.Closed],
  [SyncState.Offline]: [SyncState.Syncing, SyncState.Closed],
  [SyncState.Closed]: [],
};

export function canTransition(from: SyncState, to: SyncState): boolean {
  return ALLOWED[from].includes(to);
}

export interface SyncProgress {
  /** True while the history is downloaded for the first time (the local cursor started at 0). */
  initial: boolean;
  /** Calls stored during this pass. */
  downloaded: number;
  /** Changes still on the server after the last page. */
  remaining: number;
}
