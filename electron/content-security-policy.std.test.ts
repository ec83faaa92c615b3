import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, withContentSecurityPolicy } from './content-security-policy.std.js';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((directive) => {
      const [name = '', ...sources] = directive.split(' ');
      return [name, sources];
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  it('allows scripts and styles only from the server, and nothing inline or evaluated', () => {
    const policy = directives(buildContentSecurityPolicy({ serverOrigin: 'https://tandem.example.com' }));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect([...policy.values()].flat()).not.toContain("'unsafe-inline'");
    expect([...policy.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it("lets the page open the server's WebSocket, secure when the server is", () => {
    expect(
      directives(buildContentSecurityPolicy({ serverOrigin: 'https://tandem.example.com' })).get(
        'connect-src',
      ),
    ).toEqual(["'self'", 'wss://tandem.example.com']);
    expect(
      directives(
        buildContentSecurityPolicy({
          serverOrigin: 'http://127.0.0.1:8080',
          extraConnectSources: ['wss://sip.example.com:7443'],
        }),
      ).get('connect-src'),
    ).toEqual(["'self'", 'ws://127.0.0.1:8080', 'wss://sip.example.com:7443']);
  });
});

describe('withContentSecurityPolicy', () => {
  it('adds the policy to responses that have none', () => {
    expect(withContentSecurityPolicy({ 'content-type': 'text/html' }, "default-src 'none'")).toEqual({
      'content-type': ['text/html'],
      'Content-Security-Policy': ["default-src 'none'"],
    });
    expect(withContentSecurityPolicy(undefined, 'p')).toEqual({ 'Content-Security-Policy': ['p'] });
  });

  it("keeps the server's own policy beside ours, so both are enforced", () => {
    expect(withContentSecurityPolicy({ 'content-security-policy': "img-src 'self'" }, 'ours')).toEqual({
      'content-security-policy': ["img-src 'self'", 'ours'],
    });
  });
});
