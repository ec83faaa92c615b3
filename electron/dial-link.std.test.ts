import { describe, expect, it } from 'vitest';
import { isDialLink, parseDialLink, type DialRequest } from './dial-link.std.js';

const dialled = (link: string): DialRequest => {
  const parsed = parseDialLink(link);
  if (!parsed.ok) throw new Error(`expected ${link} to be dialled, but: ${parsed.error}`);
  return parsed.value;
};

const refusal = (link: string): string => {
  const parsed = parseDialLink(link);
  if (parsed.ok) throw new Error(`expected ${link} to be refused, but it dials ${parsed.value.target}`);
  return parsed.error;
};

describe('click-to-dial links', () => {
  it('dials a tel: number as written on a web page, without its separators', () => {
    expect(dialled('tel:+1-555-0100')).toEqual({
      kind: 'number',
      target: '+15550100',
      extension: null,
      scheme: 'tel',
    });
    expect(dialled('tel:+49 (30) 1234.5678').target).toBe('+493012345678');
    expect(dialled('tel:+49%2030%20123456').target).toBe('+4930123456');
    expect(dialled('TEL:0800-123').target).toBe('0800123');
  });

  it('keeps an extension to send after the call is answered and ignores the phone context', () => {
    expect(dialled('tel:+1-555-0100;ext=42')).toMatchObject({ target: '+15550100', extension: '42' });
    expect(dialled('tel:1002;phone-context=example.com')).toMatchObject({ target: '1002', extension: null });
  });

  it('dials the number in a sip: link through our server, whatever host the link names', () => {
    expect(dialled('sip:1002@host')).toEqual({
      kind: 'number',
      target: '1002',
      extension: null,
      scheme: 'sip',
    });
    expect(dialled('sip:+4930123456@gw.example.com;user=phone').target).toBe('+4930123456');
    expect(dialled('sips:2001@[2001:db8::1]:5061').target).toBe('2001');
  });

  it('dials a named SIP address as the address it is', () => {
    expect(dialled('sip:alice@Example.COM')).toEqual({
      kind: 'sip-address',
      target: 'sip:alice@example.com',
      extension: null,
      scheme: 'sip',
    });
  });

  it('understands callto: with and without slashes', () => {
    expect(dialled('callto://+4930123456')).toEqual({
      kind: 'number',
      target: '+4930123456',
      extension: null,
      scheme: 'callto',
    });
    expect(dialled('callto:+49-30-123456').target).toBe('+4930123456');
  });

  it('refuses links that are not telephone numbers', () => {
    expect(refusal('tel:')).toMatch(/no number/);
    expect(refusal('tel:call-me-maybe')).toMatch(/not a telephone number/);
    expect(refusal('tel:+')).toMatch(/not a telephone number/);
    expect(refusal('tel:---')).toMatch(/no number/);
    expect(refusal('callto://echo123')).toMatch(/not a telephone number/);
    expect(refusal(`tel:+${'1'.repeat(40)}`)).toMatch(/longer than 32 digits/);
    expect(refusal('tel:+1555;ext=abc')).toMatch(/not an extension/);
  });

  it('refuses SIP links that would make us send a password or headers, or name no host', () => {
    expect(refusal('sip:alice:secret@example.com')).toMatch(/password/);
    expect(refusal('sip:1002@example.com?Subject=hi')).toMatch(/headers/);
    expect(refusal('sip:1002')).toMatch(/user@host/);
    expect(refusal('sip:@example.com')).toMatch(/user@host/);
    expect(refusal('sip:1002@exa mple.com')).toMatch(/not a host name/);
    expect(refusal('sip:al<ice@example.com')).toMatch(/not a SIP user name/);
  });

  it('refuses other schemes, broken escapes, control characters and very long links', () => {
    expect(refusal('https://example.com')).toMatch(/not a tel:, sip:, sips: or callto: link/);
    expect(refusal('file:///etc/passwd')).toMatch(/not a tel:/);
    expect(refusal('tel:+1555%')).toMatch(/%-escape/);
    expect(refusal('tel:+1555%0A0100')).toMatch(/control characters/);
    expect(refusal('tel:+1555\n0100')).toMatch(/control characters/);
    expect(refusal(`sip:${'a'.repeat(600)}@example.com`)).toMatch(/longer than 512/);
  });

  it('tells a dial link from other command-line arguments', () => {
    expect(isDialLink('tel:+15550100')).toBe(true);
    expect(isDialLink('CALLTO://+4930')).toBe(true);
    expect(isDialLink('--server-url=https://tandem.example.com')).toBe(false);
    expect(isDialLink('/opt/Tandem/tandem')).toBe(false);
  });
});
