import { describe, expect, it } from 'vitest';
import { ScannerFilter, parseScannerPattern } from './scanner-filter.js';

describe('ScannerFilter', () => {
  const filter = new ScannerFilter();

  it.each([
    'friendly-scanner',
    'sipcli/v1.8',
    'SIPVicious 0.3.4',
    'sip-scan',
    'VaxSIPUserAgent/3.1',
    'iWar',
    'sundayddr',
    'SIPArmyKnife',
    'pplsip',
    'smap 0.6.0',
  ])('recognises the scanner %j', (userAgent) => {
    expect(filter.isScanner(userAgent)).toBe(true);
  });

  it.each([
    'Yealink SIP-T54W 96.86.0.100',
    'Grandstream GXP2170 1.0.11.23',
    'PolycomVVX-VVX_411-UA/6.4.3.5018',
    'Cisco-SIPGateway/IOS-16.12',
    'Linphone/5.2.0 (belle-sip/5.2.0)',
    'Bismapp softphone',
    'Tandem/0.1.0',
  ])('lets the real phone %j through', (userAgent) => {
    expect(filter.isScanner(userAgent)).toBe(false);
  });

  it('ignores a missing or empty User-Agent', () => {
    expect(filter.isScanner(undefined)).toBe(false);
    expect(filter.isScanner('')).toBe(false);
  });

  it('takes its own patterns: substrings case-insensitively, regular expressions case-insensitively too', () => {
    const custom = new ScannerFilter(['Evil-Dialer', /^probe\/\d+$/g]);
    expect(custom.isScanner('my EVIL-dialer 2')).toBe(true);
    // A "g" flag would make test() alternate between true and false; it is dropped.
    expect(custom.isScanner('PROBE/1')).toBe(true);
    expect(custom.isScanner('PROBE/1')).toBe(true);
    expect(custom.isScanner('friendly-scanner')).toBe(false);
  });

  it('refuses an empty substring, which would match everything', () => {
    expect(() => new ScannerFilter([' '])).toThrow(TypeError);
  });

  it('reads patterns from configuration text', () => {
    expect(parseScannerPattern('sipcli')).toBe('sipcli');
    expect(parseScannerPattern('/^smap\\b/i')).toEqual(/^smap\b/i);
    expect(() => parseScannerPattern('/(/')).toThrow(SyntaxError);
  });
});
