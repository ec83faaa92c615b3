import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBencode, encodeBencode, type BencodeErrorCode, type BencodeValue } from './bencode.js';

function encoded(value: BencodeValue): string {
  const result = encodeBencode(value);
  if (!result.ok) throw result.error;
  return result.value.toString('latin1');
}

function decoded(text: string | Buffer, options = {}): BencodeValue {
  const result = decodeBencode(typeof text === 'string' ? Buffer.from(text, 'latin1') : text, options);
  if (!result.ok) throw result.error;
  return result.value;
}

function errorOf(text: string, options = {}): BencodeErrorCode {
  const result = decodeBencode(Buffer.from(text, 'latin1'), options);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  return result.error.code;
}

describe('bencode', () => {
  it.each<[BencodeValue, string]>([
    ['spam', '4:spam'],
    ['', '0:'],
    [42, 'i42e'],
    [0, 'i0e'],
    [-3, 'i-3e'],
    [['spam', 'eggs'], 'l4:spam4:eggse'],
    [[], 'le'],
    [{ cow: 'moo', spam: 'eggs' }, 'd3:cow3:moo4:spam4:eggse'],
    [{ spam: ['a', 'b'] }, 'd4:spaml1:a1:bee'],
    [{}, 'de'],
    [Buffer.from([0, 255, 10]), '3:\x00\xff\n'],
    ['é', '2:\xc3\xa9'],
    [{ command: 'ping' }, 'd7:command4:pinge'],
  ])('encodes %j as %j (BEP 3 vectors)', (value, text) => {
    expect(encoded(value)).toBe(text);
  });

  it('sorts dictionary keys by their bytes and leaves out undefined values', () => {
    expect(encoded({ zeta: 1, 'call-id': 'x', alpha: undefined, Zed: 2 })).toBe(
      'd3:Zedi2e7:call-id1:x4:zetai1ee',
    );
  });

  it('decodes the BEP 3 vectors back', () => {
    expect(decoded('d3:cow3:moo4:spam4:eggse')).toEqual({ cow: 'moo', spam: 'eggs' });
    expect(decoded('l4:spam4:eggse')).toEqual(['spam', 'eggs']);
    expect(decoded('i-3e')).toBe(-3);
    expect(decoded('3:\x00\xff\n', { bytes: 'buffer' })).toEqual(Buffer.from([0, 255, 10]));
  });

  it('accepts the unsorted keys rtpengine writes when asked to', () => {
    const reply = 'd3:sdp3:v=06:result2:oke';
    expect(errorOf(reply)).toBe('unsorted-keys');
    expect(decoded(reply, { requireSortedKeys: false })).toEqual({ sdp: 'v=0', result: 'ok' });
  });

  it.each<[string, BencodeErrorCode]>([
    ['', 'unexpected-end'],
    ['i42', 'unexpected-end'],
    ['ie', 'bad-integer'],
    ['i-0e', 'bad-integer'],
    ['i03e', 'bad-integer'],
    ['i1.5e', 'bad-integer'],
    ['i+1e', 'bad-integer'],
    ['i99999999999999999999e', 'integer-out-of-range'],
    ['i9007199254740993e', 'integer-out-of-range'],
    ['5:abc', 'unexpected-end'],
    ['03:abc', 'bad-length'],
    ['99999999999999999999:a', 'bad-length'],
    ['4spam', 'unexpected-byte'],
    ['l4:spam', 'unexpected-end'],
    ['d3:cow3:moo', 'unexpected-end'],
    ['di1e3:mooe', 'unexpected-byte'],
    ['d3:cow3:moo3:cow3:baae', 'duplicate-key'],
    ['d4:spam1:a3:cow1:be', 'unsorted-keys'],
    ['x', 'unexpected-byte'],
    ['i1ei2e', 'trailing-bytes'],
    ['4:spam ', 'trailing-bytes'],
  ])('refuses %j with %s', (text, code) => {
    expect(errorOf(text)).toBe(code);
  });

  it('refuses duplicate keys even when unsorted keys are allowed', () => {
    expect(errorOf('d1:b1:x1:a1:y1:b1:ze', { requireSortedKeys: false })).toBe('duplicate-key');
  });

  it('bounds nesting on both sides, so a hostile datagram cannot exhaust the stack', () => {
    expect(errorOf('l'.repeat(100_000))).toBe('too-deep');
    expect(errorOf(`${'l'.repeat(5)}${'e'.repeat(5)}`, { maxDepth: 4 })).toBe('too-deep');
    expect(decoded(`${'l'.repeat(4)}${'e'.repeat(4)}`, { maxDepth: 4 })).toEqual([[[[]]]]);
    const cyclic: BencodeValue[] = [];
    cyclic.push(cyclic);
    const result = encodeBencode(cyclic);
    expect(result.ok ? null : result.error.code).toBe('too-deep');
  });

  it('refuses values that have no bencoding instead of throwing', () => {
    const bad = [1.5, Number.NaN, 2 ** 60, [undefined], { value: true }, { value: null }] as unknown[];
    for (const value of bad) {
      const result = encodeBencode(value as BencodeValue);
      expect(result.ok ? null : result.error.code).toBe('unencodable');
    }
  });

  it('keeps "__proto__" from the network a plain key', () => {
    const value = decoded('d9:__proto__d5:admini1eee');
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('reports where decoding stopped', () => {
    const result = decodeBencode(Buffer.from('d3:cow3:mooXe'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.offset).toBe(11);
      expect(result.error.message).toContain('at byte 11');
    }
  });
});

const textValue: fc.Arbitrary<BencodeValue> = fc.letrec<{ value: BencodeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ unit: 'grapheme' }),
    fc.maxSafeInteger(),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'grapheme' }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const binaryValue: fc.Arbitrary<BencodeValue> = fc.letrec<{ value: BencodeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
    fc.maxSafeInteger(),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'grapheme' }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('bencode properties', () => {
  it('decodes what it encodes (text strings)', () => {
    fc.assert(
      fc.property(textValue, (value) => {
        const bytes = encodeBencode(value);
        expect(bytes.ok).toBe(true);
        if (bytes.ok) expect(decoded(bytes.value)).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes what it encodes (raw bytes), and re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(binaryValue, (value) => {
        const bytes = encodeBencode(value);
        if (!bytes.ok) throw bytes.error;
        const back = decoded(bytes.value, { bytes: 'buffer' });
        expect(back).toEqual(value);
        const again = encodeBencode(back);
        expect(again.ok && again.value.equals(bytes.value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary bytes, nor on mutated valid encodings', () => {
    const mutated = fc
      .tuple(binaryValue, fc.nat(), fc.integer({ min: 0, max: 255 }))
      .map(([value, at, byte]) => {
        const bytes = encodeBencode(value);
        const copy = Buffer.from(bytes.ok ? bytes.value : Buffer.alloc(0));
        if (copy.length > 0) copy[at % copy.length] = byte;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated), (bytes) => {
        const result = decodeBencode(bytes, { requireSortedKeys: false });
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});
