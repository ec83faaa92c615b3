/**
 * How an agent's Teams account is named in the store: the user's Entra object id (a GUID) or their
 * user principal name (UPN, `name@domain`). Anything else is refused at the store's boundary, so a
 * typo cannot silently leave an agent without the presence gate.
 */

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^\s@/]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/** Trimmed id, or null for "no Teams account" (null, undefined or blank); a TypeError for garbage. */
export function normalizeTeamsUserId(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new TypeError('a Teams user id must be a string');
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (OBJECT_ID.test(trimmed)) return trimmed.toLowerCase();
  if (UPN.test(trimmed) && trimmed.length <= 113) return trimmed;
  throw new TypeError(
    `"${trimmed.slice(0, 60)}" is not a Teams user id: expected an object id (GUID) or a UPN (name@domain)`,
  );
}
