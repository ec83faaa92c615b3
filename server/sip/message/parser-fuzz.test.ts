/**
 * Whatever arrives on a socket, the parser either returns a message or throws SipParseError;
 * a message it accepts reads, serialises and parses back to the same structure, and can be
 * answered.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SipRequest } from './message.js';
import { parseSipMessage } from './parser.js';
import { createResponse } from './response-builder.js';
import { SipParseError } from './sip-parse-error.js';
import { structureOf } from './sip-text.fixture.js';
import { VALID_MESSAGES } from './valid-messages.fixture.js';

const seeds = VALID_MESSAGES.map(({ data }) => Buffer.from(data));

/** Fragments that tend to hit the grammar's edges. */
const FRAGMENTS = [
  ':',
  ';',
  ',',
  '<',
  '>',
  '"',
  '\\',
  '\r\n',
  '\n',
  '\r',
  '\r\n\r\n',
  ' ',
  '\t',
  '\r\n ',
  '%',
  '%4',
  '[',
  ']',
  '[::1]',
  '@',
  '*',
  '=',
  '/',
  '?',
  '&',
  '0',
  '-1',
  '4294967296',
  '99999999999',
  'SIP/2.0',
  'sip:',
  'Via: SIP/2.0/UDP x;branch=z9hG4bK1\r\n',
  'Contact: *\r\n',
  'l: 7\r\n',
  ';tag=',
  ';rport',
  '\u0000',
  'ü',
].map((text) => Buffer.from(text, 'utf8'));

type Mutation =
  | { kind: 'replace'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'flipCase'; at: number };

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.uint8Array({ minLength: 1, maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 24 }) }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 60 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flipCase' as const), at: fc.nat() }),
);

function mutate(seed: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = seed;
  for (const mutation of mutations) {
    const at = bytes.length === 0 ? 0 : mutation.at % bytes.length;
    switch (mutation.kind) {
      case 'replace':
        bytes = Buffer.from(bytes);
        if (bytes.length > 0) bytes[at] = mutation.byte;
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), mutation.bytes, bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + mutation.length)]);
        break;
      case 'duplicate':
        bytes = Buffer.concat([bytes.subarray(0, at + mutation.length), bytes.subarray(at)]);
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'flipCase':
        bytes = Buffer.from(bytes);
        if (/[A-Za-z]/.test(String.fromCharCode(bytes[at] ?? 0))) bytes[at]! ^= 0x20;
        break;
    }
  }
  return bytes;
}

/** The property: only SipParseError escapes, and what is accepted is consistent. */
function checkBytes(bytes: Buffer): void {
  let message;
  try {
    message = parseSipMessage(bytes);
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
    expect(typeof error.reason).toBe('string');
    return;
  }
  const structure = structureOf(message);
  const serialized = message.toBuffer();
  const reparsed = parseSipMessage(serialized);
  expect(structureOf(reparsed)).toEqual(structure);
  expect(reparsed.toBuffer().equals(serialized)).toBe(true);
  if (message instanceof SipRequest) {
    const response = createResponse(message, 400, undefined, { toTag: 'fuzz' });
    expect(parseSipMessage(response.toBuffer()).callId).toBe(message.callId);
  }
  message.removeTopVia();
}

describe('the parser under random input', () => {
  it('survives random mutations of valid messages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }),
        (seedIndex, mutations) => checkBytes(mutate(seeds[seedIndex]!, mutations)),
      ),
      { numRuns: 4000 },
    );
  });

  it('survives random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => checkBytes(Buffer.from(bytes))),
      { numRuns: 1500 },
    );
  });

  it('survives messages assembled from SIP-like lines', () => {
    const line = fc.oneof(
      fc.constantFrom(
        'Via: SIP/2.0/UDP host;branch=z9hG4bKx',
        'From: <sip:a@b>;tag=1',
        'To: <sip:c@d>',
        'Call-ID: x',
        'CSeq: 1 OPTIONS',
        'Contact: *',
        'Content-Length: 0',
        'Max-Forwards: 70',
        'Expires: 60',
      ),
      fc
        .tuple(
          fc.constantFrom(
            'Via',
            'v',
            'From',
            'f',
            'To',
            't',
            'Contact',
            'm',
            'Route',
            'CSeq',
            'Expires',
            'X-Any',
          ),
          fc.string({ unit: fc.constantFrom(...'sip:@;<>",=/ \t*%0a1[]'.split('')), maxLength: 40 }),
        )
        .map(([name, value]) => `${name}: ${value}`),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('OPTIONS sip:a@b SIP/2.0', 'SIP/2.0 200 OK', 'REGISTER sip:b SIP/2.0'),
        fc.array(line, { maxLength: 12 }),
        (startLine, lines) => checkBytes(Buffer.from(`${[startLine, ...lines].join('\r\n')}\r\n\r\n`)),
      ),
      { numRuns: 3000 },
    );
  });
});
