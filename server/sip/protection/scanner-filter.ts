/**
 * Recognises known SIP scanners by their User-Agent header, so that their requests can be dropped without
 * an answer (answering tells the scanner a SIP server lives here). A cheap first filter only: a scanner can
 * send any User-Agent, so rate limiting and lock-out still do the real work.
 */
import { DEFAULT_SCANNER_USER_AGENTS } from './scanner-user-agents.js';

/** A case-insensitive substring, or a regular expression (tested case-insensitively too). */
export type ScannerPattern = string | RegExp;

/** User-Agent values are cut to this length before matching, which bounds the cost of any pattern. */
const MAX_USER_AGENT_LENGTH = 512;

/**
 * Reads a pattern from configuration text: `/expression/flags` is a regular expression, anything else a
 * substring. Throws a SyntaxError for an invalid expression.
 */
export function parseScannerPattern(text: string): ScannerPattern {
  const match = /^\/(.+)\/([a-z]*)$/s.exec(text);
  return match === null ? text : new RegExp(match[1] ?? '', match[2]);
}

export class ScannerFilter {
  readonly #substrings: string[] = [];
  readonly #expressions: RegExp[] = [];

  constructor(patterns: readonly ScannerPattern[] = DEFAULT_SCANNER_USER_AGENTS) {
    for (const pattern of patterns) {
      if (typeof pattern === 'string') {
        if (pattern.trim() === '')
          throw new TypeError('an empty scanner pattern would match every User-Agent');
        this.#substrings.push(pattern.toLowerCase());
      } else {
        // Without "g" and "y": those make test() stateful through lastIndex.
        const flags = [...new Set(`${pattern.flags}i`.replace(/[gy]/g, ''))].join('');
        this.#expressions.push(new RegExp(pattern.source, flags));
      }
    }
  }

  /** True when the User-Agent matches a known scanner; false for a missing or empty header. */
  isScanner(userAgent: string | undefined): boolean {
    if (userAgent === undefined || userAgent === '') return false;
    const text = userAgent.slice(0, MAX_USER_AGENT_LENGTH);
    const lower = text.toLowerCase();
    return (
      this.#substrings.some((substring) => lower.includes(substring)) ||
      this.#expressions.some((expression) => expression.test(text))
    );
  }
}
