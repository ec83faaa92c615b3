/**
 * Turns what an agent types into an FTS5 query for search-as-you-type: every word must match the
 * start of a word (numbers: of the number, with or without its country code), in any field.
 * Phone punctuation is ignored inside numbers ("+44 20-7946" is one number); quotes and FTS5
 * operators typed by the user are taken as plain text, never as syntax.
 */
const PHONE_LIKE = /^[+\d][\d\s().-]*$/;

export function searchTerms(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];
  if (PHONE_LIKE.test(trimmed) && /\d/.test(trimmed)) return [trimmed.replace(/\D/g, '')];
  return trimmed
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((term) => term.length > 0)
    .slice(0, 8);
}

/** The FTS5 MATCH expression, or null when there is nothing to search for (show the list instead). */
export function ftsQuery(text: string): string | null {
  const terms = searchTerms(text);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term.replaceAll('"', '""')}"*`).join(' ');
}
