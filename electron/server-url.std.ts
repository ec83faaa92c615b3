import { err, ok, type Result } from './result.std.js';

/** Where the desktop app finds its Tandem server when nothing else says so: a server on this computer. */
export const defaultServerUrl = 'http://127.0.0.1:8080/';

const maximumLength = 2048;

/**
 * Checks a server address typed by a person or set by IT and returns it normalised (`URL.href`), or a sentence
 * saying what is wrong with it.
 *
 * Plain `http://` is accepted only for this computer: the softphone needs the microphone, and Chromium offers
 * `getUserMedia` only to secure origins, which for `http:` means loopback addresses
 * (W3C Secure Contexts, section 3.2: "potentially trustworthy origin").
 */
export function parseServerUrl(text: string): Result<string> {
  const trimmed = text.trim();
  if (trimmed === '') {
    return err('it is empty');
  }
  if (trimmed.length > maximumLength) {
    return err(`it is longer than ${maximumLength} characters`);
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return err('it is not a web address (expected something like https://tandem.example.com)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return err(`it must start with https:// (it starts with ${url.protocol}//)`);
  }
  if (url.username !== '' || url.password !== '') {
    return err('it must not contain a user name or password');
  }
  if (url.search !== '' || url.hash !== '') {
    return err('it must not contain a query (?...) or a fragment (#...)');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return err(
      'plain http:// is allowed only for this computer (127.0.0.1, localhost, [::1]); ' +
        'the microphone works only over https://',
    );
  }
  return ok(url.href);
}

/** The origin (`scheme://host:port`) of a server URL that `parseServerUrl` accepted. */
export function serverOriginOf(serverUrl: string): string {
  return new URL(serverUrl).origin;
}

function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}
