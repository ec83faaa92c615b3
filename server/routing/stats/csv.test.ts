import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('CSV (RFC 4180)', () => {
  it('writes a header and records, each line ended by CRLF', () => {
    expect(
      toCsv(
        ['queue', 'offered'],
        [
          ['support', 4],
          ['sales', 0],
        ],
      ),
    ).toBe('queue,offered\r\nsupport,4\r\nsales,0\r\n');
  });

  it('quotes fields with commas, quotes or line breaks, doubling the quotes; null is empty', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [['Sales, EMEA', 'the "VIP" line', 'two\r\nlines', null]])).toBe(
      'a,b,c,d\r\n"Sales, EMEA","the ""VIP"" line","two\r\nlines",\r\n',
    );
  });

  it('reads back field for field with a strict RFC 4180 reader', () => {
    const fields = ['plain', 'with,comma', 'with "quote"', 'line\nfeed', '', ' spaced '];
    expect(readCsv(toCsv(fields, [fields]))).toEqual([fields, fields]);
  });
});

/** A small strict reader written from the RFC's grammar, to check the writer's output. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let index = 0;
  while (index < text.length) {
    let field = '';
    if (text[index] === '"') {
      index++;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote < 0) throw new Error('unterminated quoted field');
        field += text.slice(index, quote);
        index = quote + 1;
        if (text[index] !== '"') break;
        field += '"';
        index++;
      }
    } else {
      const end = text.slice(index).search(/[,\r]/);
      field = end < 0 ? text.slice(index) : text.slice(index, index + end);
      if (field.includes('"') || field.includes('\n')) throw new Error(`bare field needs quoting: ${field}`);
      index += field.length;
    }
    record.push(field);
    if (text[index] === ',') index++;
    else if (text.startsWith('\r\n', index)) {
      index += 2;
      records.push(record);
      record = [];
    } else throw new Error(`unexpected character at ${index}`);
  }
  return records;
}
