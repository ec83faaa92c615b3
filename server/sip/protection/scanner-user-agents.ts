/**
 * User-Agent strings of SIP scanning and password-guessing tools, as found in operators' block lists and
 * the tools' own sources: SIPVicious ("friendly-scanner", "sipvicious"), sipcli, sip-scan,
 * VaxSIPUserAgent, iWar, sundayddr, SIPArmyKnife, pplsip and sipptk (SIPPTS), SIVuS.
 *
 * Left out on purpose, although some block lists carry them, because real equipment sends them too:
 * "Cisco-SIPGateway" (Cisco IOS gateways and CUBE), "Asterisk PBX", "PortSIP VoIP SDK", "sipsak" (a
 * diagnostics tool) and very short fragments such as "x" or "voip".
 */
export const DEFAULT_SCANNER_USER_AGENTS: readonly (string | RegExp)[] = [
  'friendly-scanner',
  'friendly-request',
  'sipvicious',
  'sipcli',
  'sip-scan',
  'sipscan',
  'vaxsipuseragent',
  'vaxipuseragent',
  'iwar',
  'sundayddr',
  'siparmyknife',
  'pplsip',
  'sipptk',
  'sivus',
  // smap (a SIP fingerprinting scanner) identifies itself as "smap"; match the word only, not e.g. "Bismapp".
  /^smap\b/,
];
