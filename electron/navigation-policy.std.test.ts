import { describe, expect, it } from 'vitest';
import {
  decideNavigation,
  decideRedirect,
  decideWindowOpen,
  isExternalUrlAllowed,
  isServerUrl,
} from './navigation-policy.std.js';

const server = 'https://tandem.example.com';

describe('navigation policy', () => {
  it('keeps the agent on the Tandem server inside the window', () => {
    expect(decideNavigation('https://tandem.example.com/queues?view=mine', server)).toEqual({
      kind: 'allow',
    });
    expect(decideRedirect('https://tandem.example.com/login', server)).toEqual({ kind: 'allow' });
  });

  it('sends a clicked link to another site to the system browser instead', () => {
    expect(decideNavigation('https://learn.microsoft.com/teams', server)).toEqual({
      kind: 'open-externally',
      url: 'https://learn.microsoft.com/teams',
    });
  });

  it('refuses a redirect away from the server without opening anything', () => {
    expect(decideRedirect('https://evil.example.com/', server)).toEqual({ kind: 'deny' });
  });

  it('treats another port or scheme of the same host as another site', () => {
    expect(isServerUrl('https://tandem.example.com:8443/', server)).toBe(false);
    expect(isServerUrl('http://tandem.example.com/', server)).toBe(false);
    expect(isServerUrl('not a url', server)).toBe(false);
    expect(isServerUrl('data:text/html,hi', 'null')).toBe(false);
  });

  it('never opens a new window: window.open goes to the system or nowhere', () => {
    expect(decideWindowOpen('mailto:supervisor@example.com')).toEqual({
      kind: 'open-externally',
      url: 'mailto:supervisor@example.com',
    });
    expect(decideWindowOpen('file:///C:/Windows/System32/calc.exe')).toEqual({ kind: 'deny' });
    expect(decideWindowOpen('javascript:alert(1)')).toEqual({ kind: 'deny' });
  });

  it('hands only http, https, mailto and tel links to the operating system', () => {
    for (const url of [
      'https://example.com',
      'http://example.com/a',
      'mailto:a@example.com',
      'tel:+4412345',
    ]) {
      expect(isExternalUrlAllowed(url), url).toBe(true);
    }
    for (const url of [
      'file:///etc/passwd',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'sip:expert@contoso.com',
      'https://bank.example.com@evil.example.com/',
      'https:',
      `https://example.com/${'a'.repeat(3000)}`,
    ]) {
      expect(isExternalUrlAllowed(url), url).toBe(false);
    }
  });
});
