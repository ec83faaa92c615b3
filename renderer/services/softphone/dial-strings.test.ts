import { describe, expect, it } from 'vitest';
import { checkDigits, dtmfRelayBody, transferUri } from './dial-strings.js';

describe('what the agent types', () => {
  it('accepts DTMF digits only', () => {
    expect(checkDigits('12#*ab')).toBe('12#*AB');
    expect(() => checkDigits('12x')).toThrow(TypeError);
    expect(dtmfRelayBody('5')).toBe('Signal=5\r\nDuration=160');
  });

  it('turns an extension or a number into a SIP URI at the domain, and keeps a SIP URI', () => {
    expect(transferUri('1002', 'tandem.local')).toBe('sip:1002@tandem.local');
    expect(transferUri(' +49 (30) 111-222 ', 'tandem.local')).toBe('sip:+4930111222@tandem.local');
    expect(transferUri('sip:expert@teams.example', 'tandem.local')).toBe('sip:expert@teams.example');
    expect(() => transferUri('bob; drop table', 'tandem.local')).toThrow(TypeError);
  });
});
