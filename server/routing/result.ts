/**
 * The outcome of an operation that may be refused: `{ ok: true, value } | { ok: false, error }`
 * (STYLE.md, "typed IPC" results). Refusals in routing are expected events (an agent clicking twice,
 * a stale timer), so they are values, never exceptions.
 */
export type Result<T, E> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
