/**
 * A Teams user who can take transfers, as the directory keeps it: who they are and the numbers
 * the Direct Routing trunk can dial (E.164). Graph v1.0 `/users` does not expose a user's Teams
 * phone number assignment (the LineURI) itself; organisations with Direct Routing keep it in the
 * Entra "Office phone" (`businessPhones`), which is what Tandem reads. Numbers that cannot be
 * read as E.164 (no leading +) are left out rather than guessed.
 */

export interface DirectoryUser {
  /** Entra object id. */
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName: string | null;
  readonly mail: string | null;
  readonly jobTitle: string | null;
  readonly department: string | null;
  /** Dialable numbers, E.164 (`+15550100`), business phones first. */
  readonly phoneNumbers: readonly string[];
}

/** The fields asked of Graph (`$select`). */
export const DIRECTORY_USER_FIELDS = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'jobTitle',
  'department',
  'businessPhones',
  'mobilePhone',
  'accountEnabled',
] as const;

/** A Graph user as a directory entry; null for disabled accounts, users without a number, or junk. */
export function directoryUserOf(raw: unknown): DirectoryUser | null {
  const user = raw as Record<string, unknown> | null;
  if (!user || typeof user.id !== 'string' || user.id === '') return null;
  if (user.accountEnabled === false) return null;
  const phones = [
    ...(Array.isArray(user.businessPhones) ? user.businessPhones : []),
    ...(typeof user.mobilePhone === 'string' ? [user.mobilePhone] : []),
  ];
  const phoneNumbers = [
    ...new Set(phones.map((phone) => (typeof phone === 'string' ? e164Of(phone) : null))),
  ].filter((phone): phone is string => phone !== null);
  if (phoneNumbers.length === 0) return null;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
  return {
    id: user.id,
    displayName: text(user.displayName) ?? text(user.userPrincipalName) ?? user.id,
    userPrincipalName: text(user.userPrincipalName),
    mail: text(user.mail),
    jobTitle: text(user.jobTitle),
    department: text(user.department),
    phoneNumbers,
  };
}

/**
 * "+1 (555) 010-0123" -> "+15550100123". An extension ("x12", "ext. 12", ";ext=12") is dropped:
 * Direct Routing dials the number itself. Null when it is not an international number.
 */
export function e164Of(phone: string): string | null {
  const withoutExtension = phone.split(/;ext=|\s*(?:ext\.?|extension|x)\s*\d+\s*$/i)[0] ?? '';
  const trimmed = withoutExtension.trim();
  if (!trimmed.startsWith('+')) return null;
  const digits = trimmed.slice(1).replace(/[\s().\-/]/g, '');
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}
