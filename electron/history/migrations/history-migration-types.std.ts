/** One numbered, forward-only change of the desktop's history database; `up` runs in a transaction. */
export interface HistoryMigration {
  readonly version: number;
  readonly name: string;
  /** Runs SQL on the database (typed loosely so that this file stays importable everywhere). */
  up(db: { exec(sql: string): unknown }): void;
}
