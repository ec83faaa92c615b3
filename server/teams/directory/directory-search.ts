/**
 * Matching a search box against directory users: every word of the query must start a word of
 * the name, UPN, mail, job title or department (case and accents ignored), or, for a query of
 * digits, the digits must appear in one of the numbers. Results come sorted by name.
 */
import type { DirectoryUser } from './directory-user.js';

export interface SearchableUser {
  readonly user: DirectoryUser;
  /** Folded words of the text fields. */
  readonly words: readonly string[];
  /** Numbers as digits only. */
  readonly digits: readonly string[];
}

export function searchable(user: DirectoryUser): SearchableUser {
  const text = [user.displayName, user.userPrincipalName, user.mail, user.jobTitle, user.department]
    .filter((value): value is string => value !== null)
    .join(' ');
  return {
    user,
    words: fold(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word !== ''),
    digits: user.phoneNumbers.map((phone) => phone.replace(/\D/g, '')),
  };
}

/** Users matching `query` (all when it is blank), at most `limit`. */
export function searchUsers(users: readonly SearchableUser[], query: string, limit: number): DirectoryUser[] {
  const terms = fold(query)
    .split(/[^\p{L}\p{N}+]+/u)
    .filter((term) => term !== '');
  const numeric = terms.length > 0 && terms.every((term) => /^\+?\d+$/.test(term));
  const wanted = numeric ? terms.join('').replace(/\D/g, '') : '';
  const matches = users.filter((candidate) => {
    if (terms.length === 0) return true;
    if (numeric && wanted.length >= 3 && candidate.digits.some((digits) => digits.includes(wanted))) {
      return true;
    }
    return terms.every((term) => candidate.words.some((word) => word.startsWith(term)));
  });
  return matches
    .map((candidate) => candidate.user)
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .slice(0, limit);
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}
