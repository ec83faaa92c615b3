/**
 * The outcome of an operation that can fail for reasons a caller must handle, as a plain object so that it
 * survives structured cloning across IPC and the context bridge (an `Error` loses its fields there).
 * Shape borrowed from Signal Desktop's `app/sql_channel.main.ts`.
 */
export type Result<Value, Failure = string> = { ok: true; value: Value } | { ok: false; error: Failure };

export function ok<Value>(value: Value): { ok: true; value: Value } {
  return { ok: true, value };
}

export function err<Failure>(error: Failure): { ok: false; error: Failure } {
  return { ok: false, error };
}
