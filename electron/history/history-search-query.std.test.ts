import { describe, expect, it } from 'vitest';
import { ftsQuery, searchTerms } from './history-search-query.std.js';

describe('search-as-you-type query', () => {
  it('reads a typed number as one number whatever its punctuation', () => {
    expect(ftsQuery('+44 20-7946 (0958)')).toBe('"442079460958"*');
    expect(ftsQuery('555')).toBe('"555"*');
  });

  it('matches the start of every word, in any order', () => {
    expect(ftsQuery('Alice  refund')).toBe('"alice"* "refund"*');
    expect(searchTerms('Rückruf, erbeten!')).toEqual(['rückruf', 'erbeten']);
  });

  it('takes FTS5 syntax and quotes as plain text', () => {
    expect(ftsQuery('a" OR b*')).toBe('"a"* "or"* "b"*');
    expect(ftsQuery('NEAR(x y)')).toBe('"near"* "x"* "y"*');
  });

  it('has nothing to search for in blanks or punctuation', () => {
    expect(ftsQuery('   ')).toBeNull();
    expect(ftsQuery('"*-')).toBeNull();
  });
});
