import { describe, expect, it } from 'vitest';
import { normalizeTeamsUserId } from './teams-user-id.js';

describe('Teams user id', () => {
  it('accepts object ids (lower-cased) and UPNs (trimmed), and blank as no account', () => {
    expect(normalizeTeamsUserId(' 6F1C2A34-1111-4B22-9C33-0123456789AB ')).toBe(
      '6f1c2a34-1111-4b22-9c33-0123456789ab',
    );
    expect(normalizeTeamsUserId(' Alice@Contoso.example ')).toBe('Alice@Contoso.example');
    expect(normalizeTeamsUserId('  ')).toBeNull();
    expect(normalizeTeamsUserId(null)).toBeNull();
  });

  it('refuses anything else with a message that says what is expected', () => {
    for (const bad of ['alice', 'alice@', '@contoso.example', 'a b@contoso.example', '1234-5678']) {
      expect(() => normalizeTeamsUserId(bad)).toThrow(/expected an object id \(GUID\) or a UPN/);
    }
  });
});
