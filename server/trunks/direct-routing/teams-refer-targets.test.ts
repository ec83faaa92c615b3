import { describe, expect, it } from 'vitest';
import { SipRequest } from '../../sip/message/index.js';
import { TeamsReferTargets } from './teams-refer-targets.js';

function refer(referTo: string, method = 'REFER'): SipRequest {
  return new SipRequest({
    method,
    uri: 'sip:sbc.contoso.test:5067;transport=tls',
    headers: [
      ['Via', 'SIP/2.0/TLS sip.pstnhub.microsoft.com:5061;branch=z9hG4bKrefer1'],
      ['From', '<sip:+14255550100@sip.pstnhub.microsoft.com>;tag=a'],
      ['To', '<sip:+15550100@sbc.contoso.test>;tag=b'],
      ['Call-ID', 'refer-1'],
      ['CSeq', '7 REFER'],
      ['Refer-To', referTo],
    ],
  });
}

const TEAMS_REFER_TO =
  '<sip:+16175550111@sip.pstnhub.microsoft.com:5061;user=phone;x-m=eyJ0cmFuc2Zlcg;x-t=contoso-tenant>';

describe("the targets of Teams' own transfers", () => {
  it('keeps x-m and x-t for the number a REFER names, handed out once', () => {
    const targets = new TeamsReferTargets();
    targets.remember(refer(TEAMS_REFER_TO));
    expect(targets.has('+16175550111')).toBe(true);
    expect(targets.take('+16175550111')).toBe(';x-m=eyJ0cmFuc2Zlcg;x-t=contoso-tenant');
    expect(targets.has('+16175550111')).toBe(false);
    expect(targets.take('+16175550111')).toBe('');
  });

  it('forgets a target that was not called within half a minute', () => {
    let now = 1_000;
    const targets = new TeamsReferTargets(() => now);
    targets.remember(refer(TEAMS_REFER_TO));
    now += 32_000;
    expect(targets.has('+16175550111')).toBe(false);
  });

  it('ignores REFERs without Teams parameters, to no number, and other methods', () => {
    const targets = new TeamsReferTargets();
    targets.remember(refer('<sip:+16175550111@sip.pstnhub.microsoft.com;user=phone>'));
    targets.remember(refer('<sip:alice@tandem.local;x-m=abc>'));
    targets.remember(refer(TEAMS_REFER_TO, 'NOTIFY'));
    expect(targets.has('+16175550111')).toBe(false);
    expect(targets.take('+16175550111')).toBe('');
  });
});
