import { describe, expect, it } from 'vitest';
import {
  ALLOW_TOWARD_TEAMS,
  sbcContact,
  teamsFromAddress,
  teamsRequestUri,
  toE164,
  trunkHeaders,
  xMsSbcValue,
} from './trunk-profile.js';

describe('the Direct Routing trunk profile', () => {
  it('puts the SBC FQDN in Contact, and refuses an IP there (Microsoft answers 403 to one)', () => {
    expect(sbcContact('sbc.contoso.com', 5061)).toBe('<sip:sbc.contoso.com:5061;transport=tls>');
    expect(() => sbcContact('192.0.2.10', 5061)).toThrow(/not an IP address/);
    expect(() => sbcContact('[2001:db8::1]', 5061)).toThrow(/not an IP address/);
    expect(() => sbcContact('sbc', 5061)).toThrow(/not a fully qualified/);
    expect(() => sbcContact('sbc.contoso.com', 0)).toThrow(/port/);
  });

  it('identifies Tandem in X-MS-SBC as Tandem/<model>/<version>', () => {
    expect(xMsSbcValue('ContactCenter', '0.1.0')).toBe('Tandem/ContactCenter/0.1.0');
    expect(() => xMsSbcValue('Contact Center', '0.1.0')).toThrow(TypeError);
  });

  it('addresses Teams users as sip:+E164@proxy;user=phone', () => {
    expect(teamsRequestUri('+1 (425) 555-0100', { name: 'sip.pstnhub.microsoft.com', port: 5061 })).toBe(
      'sip:+14255550100@sip.pstnhub.microsoft.com:5061;user=phone',
    );
    expect(teamsRequestUri('4930123456', { name: 'sip2.pstnhub.microsoft.com', port: 5061 })).toBe(
      'sip:+4930123456@sip2.pstnhub.microsoft.com:5061;user=phone',
    );
    expect(() => teamsRequestUri('+1425', { name: '52.114.148.0', port: 5061 })).toThrow(/IP/);
  });

  it('takes localhost as a stand-in proxy on this machine, but no other bare name, and never for the SBC', () => {
    expect(teamsRequestUri('+14255550100', { name: 'LocalHost', port: 5071 })).toBe(
      'sip:+14255550100@localhost:5071;user=phone',
    );
    expect(() => teamsRequestUri('+14255550100', { name: 'pstnhub', port: 5061 })).toThrow(
      /not a fully qualified/,
    );
    expect(() => sbcContact('localhost', 5061)).toThrow(/not a fully qualified/);
  });

  it('refuses what is not an E.164 number', () => {
    expect(toE164('+44 20 7946 0000')).toBe('+442079460000');
    for (const bad of ['', '+', '0123', '+1234567890123456', '12a4', 'alice']) {
      expect(() => toE164(bad), bad).toThrow(TypeError);
    }
  });

  it('shows the caller to Teams with a + in From, quoting a display name safely', () => {
    expect(teamsFromAddress('14255550100', 'sbc.contoso.com')).toBe(
      '<sip:+14255550100@sbc.contoso.com;user=phone>',
    );
    expect(teamsFromAddress('+14255550100', 'sbc.contoso.com', 'Ann "A" O\\Neil')).toBe(
      '"Ann \\"A\\" O\\\\Neil" <sip:+14255550100@sbc.contoso.com;user=phone>',
    );
  });

  it('lists REFER in Allow so that Teams transfers by REFER to us', () => {
    const headers = Object.fromEntries(
      trunkHeaders({ fqdn: 'sbc.contoso.com', port: 5067, component: 'ContactCenter', version: '0.1.0' }),
    );
    expect(headers).toEqual({
      Contact: '<sip:sbc.contoso.com:5067;transport=tls>',
      'X-MS-SBC': 'Tandem/ContactCenter/0.1.0',
      Allow: ALLOW_TOWARD_TEAMS.join(', '),
    });
    expect(ALLOW_TOWARD_TEAMS).toContain('REFER');
  });
});
