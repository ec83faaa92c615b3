import { describe, expect, it } from 'vitest';
import { resolveServerBaseUrl } from './server-url.js';

describe('which server the client talks to', () => {
  it('is the origin the page came from in a browser', () => {
    expect(resolveServerBaseUrl({ origin: 'http://127.0.0.1:8080', protocol: 'http:' })).toBe(
      'http://127.0.0.1:8080',
    );
  });

  it('is the configured server when one is given', () => {
    expect(resolveServerBaseUrl({ origin: 'null', protocol: 'file:' }, 'https://tandem.example.org/x')).toBe(
      'https://tandem.example.org',
    );
  });

  it('must be configured for a page loaded from disk', () => {
    expect(() => resolveServerBaseUrl({ origin: 'null', protocol: 'file:' })).toThrow(TypeError);
  });
});
