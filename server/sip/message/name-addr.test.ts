import { describe, expect, it } from 'vitest';
import { formatNameAddr, parseNameAddr } from './name-addr.js';
import { SipParseError } from './sip-parse-error.js';
import { unquote } from './syntax.js';
import { formatUri } from './uri.js';

describe('parseNameAddr', () => {
  it('reads a quoted display name, the URI in brackets and header parameters', () => {
    const from = parseNameAddr(
      '"Agent \\"Ace\\" 7" <sip:agent7@tandem.example.com;transport=tcp>;tag=a1b2;x-flag',
    );
    expect(from.displayName).toBe('Agent "Ace" 7');
    expect(formatUri(from.uri)).toBe('sip:agent7@tandem.example.com;transport=tcp');
    expect(from.params).toEqual(
      new Map([
        ['tag', 'a1b2'],
        ['x-flag', null],
      ]),
    );
  });

  it('reads token display names, with spaces kept between tokens', () => {
    expect(parseNameAddr('Queue  Sales <sip:sales@tandem.example.com>').displayName).toBe('Queue  Sales');
    expect(parseNameAddr('<sip:sales@tandem.example.com>').displayName).toBeUndefined();
    expect(parseNameAddr('"" <sip:sales@tandem.example.com>').displayName).toBe('');
  });

  it('gives the parameters of a bare addr-spec to the header, not the URI', () => {
    const contact = parseNameAddr('sip:agent@192.0.2.7:5060;expires=3600;q=0.5');
    expect(formatUri(contact.uri)).toBe('sip:agent@192.0.2.7:5060');
    expect(contact.params).toEqual(
      new Map([
        ['expires', '3600'],
        ['q', '0.5'],
      ]),
    );
  });

  it('keeps quoted parameter values with their quotes, for unquote()', () => {
    const contact = parseNameAddr(
      '<sip:x@abc.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:0a0b>";expires=600',
    );
    expect(contact.params.get('+sip.instance')).toBe('"<urn:uuid:0a0b>"');
    expect(unquote(contact.params.get('+sip.instance') ?? '')).toBe('<urn:uuid:0a0b>');
    expect(contact.params.get('+sip.ice')).toBeNull();
  });

  it('tolerates whitespace around separators and empty parameters', () => {
    const to = parseNameAddr('  "Bob"   <sip:bob@example.org>  ;  tag = 77 ;; ');
    expect(to.params).toEqual(new Map([['tag', '77']]));
  });

  it('lower-cases parameter names and keeps the first of a repeated one', () => {
    expect(parseNameAddr('<sip:a@b>;TAG=x;tag=y').params).toEqual(new Map([['tag', 'x']]));
  });

  it.each([
    '',
    '<sip:a@b',
    '"Bob <sip:a@b>',
    '"Bob" sip:a@b',
    'Bob sip:a@b',
    'Smith, John <sip:a@b>',
    '<sip:a b@c>',
    '< sip:a@b>',
    '<sip:a@b> junk',
    '<sip:a@b>;tag="open',
    '<sip:a@b>;=value',
    '<sip:a@b>;tag=x y',
    'not-a-uri',
  ])('refuses %j', (text) => {
    expect(() => parseNameAddr(text, 'To')).toThrow(new SipParseError('malformed To'));
  });
});

describe('formatNameAddr', () => {
  it('always writes the name-addr form with a quoted display name', () => {
    const value = parseNameAddr('Agent Smith <sip:agent@tandem.example.com;lr>;tag=9');
    expect(formatNameAddr(value)).toBe('"Agent Smith" <sip:agent@tandem.example.com;lr>;tag=9');
    expect(formatNameAddr(parseNameAddr('sip:a@b;tag=1'))).toBe('<sip:a@b>;tag=1');
  });

  it.each([
    '"The \\"Boss\\"" <sip:boss@example.org>;tag=1',
    '<sip:x@abc.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:0a0b>";expires=600',
    '<tel:+15550100>',
    '"Zoë" <mailto:zoe@example.org>',
  ])('round-trips %s', (text) => {
    expect(formatNameAddr(parseNameAddr(text))).toBe(text);
    expect(parseNameAddr(formatNameAddr(parseNameAddr(text)))).toEqual(parseNameAddr(text));
  });
});
