import { describe, expect, it } from 'vitest';
import { parseServerUrl, serverOriginOf } from './server-url.std.js';

describe('parseServerUrl', () => {
  it('accepts an https server and normalises it', () => {
    expect(parseServerUrl('  https://Tandem.Example.com  ')).toEqual({
      ok: true,
      value: 'https://tandem.example.com/',
    });
    expect(parseServerUrl('https://cc.example.com:8443/tandem/')).toEqual({
      ok: true,
      value: 'https://cc.example.com:8443/tandem/',
    });
  });

  it('accepts plain http for a server on this computer only', () => {
    expect(parseServerUrl('http://127.0.0.1:8080')).toEqual({ ok: true, value: 'http://127.0.0.1:8080/' });
    expect(parseServerUrl('http://localhost:8080').ok).toBe(true);
    expect(parseServerUrl('http://[::1]:8080').ok).toBe(true);
    const remote = parseServerUrl('http://10.0.0.5:8080');
    expect(remote.ok).toBe(false);
    expect(!remote.ok && remote.error).toMatch(/microphone works only over https/);
  });

  it('explains what is wrong with an address it refuses', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty/],
      ['tandem.example.com', /not a web address/],
      ['ftp://tandem.example.com', /must start with https:\/\/ \(it starts with ftp:\/\/\)/],
      ['https://agent:secret@tandem.example.com', /user name or password/],
      ['https://tandem.example.com/?tenant=1', /query/],
      ['https://tandem.example.com/#home', /fragment/],
      [`https://tandem.example.com/${'a'.repeat(3000)}`, /longer than 2048/],
    ];
    for (const [text, reason] of cases) {
      const result = parseServerUrl(text);
      expect(result.ok, text).toBe(false);
      expect(!result.ok && result.error, text).toMatch(reason);
    }
  });

  it('gives the origin that navigation and permissions are checked against', () => {
    expect(serverOriginOf('https://cc.example.com:8443/tandem/')).toBe('https://cc.example.com:8443');
  });
});
