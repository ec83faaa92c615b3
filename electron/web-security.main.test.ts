import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from './logger.std.js';
import {
  secureSession,
  secureWebContents,
  type SecurableSession,
  type SecurableWebContents,
  type WebSecurityOptions,
} from './web-security.main.js';

const serverOrigin = 'https://tandem.example.com';

function options(): WebSecurityOptions & { openExternal: ReturnType<typeof vi.fn> } {
  return {
    serverOrigin,
    contentSecurityPolicy: "default-src 'none'",
    openExternal: vi.fn(async () => {}),
    logger: silentLogger,
  };
}

/** Records the listeners Electron would call, so that tests can play Electron's part. */
function fakeWebContents() {
  const listeners = new Map<string, (event: { url?: string; preventDefault(): void }) => void>();
  let windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, listener: (event: { url?: string; preventDefault(): void }) => void) => {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
      windowOpenHandler = handler;
    },
  };
  const emit = (name: string, url?: string) => {
    const event = { url, preventDefault: vi.fn() };
    listeners.get(name)?.(event);
    return event.preventDefault.mock.calls.length > 0 ? 'prevented' : 'allowed';
  };
  return {
    contents: contents as unknown as SecurableWebContents,
    emit,
    openWindow: (url: string) => windowOpenHandler?.({ url }),
  };
}

describe('secureWebContents', () => {
  it('lets the Tandem page move around its own server', () => {
    const fake = fakeWebContents();
    secureWebContents(fake.contents, options());
    expect(fake.emit('will-navigate', 'https://tandem.example.com/history')).toBe('allowed');
    expect(fake.emit('will-redirect', 'https://tandem.example.com/login')).toBe('allowed');
  });

  it('opens a clicked external link in the system browser instead of in the window', () => {
    const fake = fakeWebContents();
    const security = options();
    secureWebContents(fake.contents, security);
    expect(fake.emit('will-navigate', 'https://learn.microsoft.com/')).toBe('prevented');
    expect(security.openExternal).toHaveBeenCalledWith('https://learn.microsoft.com/');
  });

  it('refuses redirects elsewhere, new windows, dangerous links and webviews', () => {
    const fake = fakeWebContents();
    const security = options();
    secureWebContents(fake.contents, security);
    expect(fake.emit('will-redirect', 'https://evil.example.com/')).toBe('prevented');
    expect(fake.emit('will-navigate', 'file:///etc/passwd')).toBe('prevented');
    expect(fake.openWindow('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.emit('will-attach-webview')).toBe('prevented');
    expect(security.openExternal).not.toHaveBeenCalled();
  });

  it('never opens a second window, but passes a mailto link to the mail app', () => {
    const fake = fakeWebContents();
    const security = options();
    secureWebContents(fake.contents, security);
    expect(fake.openWindow('mailto:supervisor@example.com')).toEqual({ action: 'deny' });
    expect(fake.openWindow('https://tandem.example.com/popout')).toEqual({ action: 'deny' });
    expect(security.openExternal.mock.calls).toEqual([
      ['mailto:supervisor@example.com'],
      ['https://tandem.example.com/popout'],
    ]);
  });

  it('logs, rather than crashes, when the system cannot open a link', async () => {
    const fake = fakeWebContents();
    const warn = vi.fn();
    const security = { ...options(), logger: { ...silentLogger, warn } };
    security.openExternal.mockRejectedValueOnce(new Error('no application for mailto'));
    secureWebContents(fake.contents, security);
    expect(fake.openWindow('mailto:a@example.com')).toEqual({ action: 'deny' });
    await vi.waitFor(() =>
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ url: 'mailto:a@example.com' }),
        'could not open an external link',
      ),
    );
  });
});

describe('secureSession', () => {
  function fakeSession() {
    const handlers: {
      headers?: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: unknown) => void,
      ) => void;
      request?: (
        contents: unknown,
        permission: string,
        callback: (granted: boolean) => void,
        details: object,
      ) => void;
      check?: (contents: unknown, permission: string, origin: string, details: object) => boolean;
    } = {};
    const session = {
      webRequest: { onHeadersReceived: (listener: typeof handlers.headers) => (handlers.headers = listener) },
      setPermissionRequestHandler: (handler: typeof handlers.request) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: typeof handlers.check) => (handlers.check = handler),
    };
    return { session: session as unknown as SecurableSession, handlers };
  }

  it('adds the Content-Security-Policy to every response', () => {
    const { session, handlers } = fakeSession();
    secureSession(session, options());
    const callback = vi.fn();
    handlers.headers?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'none'"] },
    });
  });

  it('grants the microphone to the Tandem page and refuses the location to anyone', () => {
    const { session, handlers } = fakeSession();
    secureSession(session, options());
    const answers: boolean[] = [];
    const page = { requestingUrl: 'https://tandem.example.com/agent', isMainFrame: true };
    handlers.request?.({}, 'media', (granted) => answers.push(granted), { ...page, mediaTypes: ['audio'] });
    handlers.request?.({}, 'geolocation', (granted) => answers.push(granted), page);
    handlers.request?.({}, 'media', (granted) => answers.push(granted), {
      requestingUrl: 'https://evil.example.com/',
      isMainFrame: true,
      mediaTypes: ['audio'],
    });
    expect(answers).toEqual([true, false, false]);
  });

  it('answers permission checks (device labels) the same way', () => {
    const { session, handlers } = fakeSession();
    secureSession(session, options());
    expect(handlers.check?.(null, 'media', serverOrigin, { isMainFrame: true, mediaType: 'audio' })).toBe(
      true,
    );
    expect(handlers.check?.(null, 'notifications', serverOrigin, { isMainFrame: true })).toBe(false);
    expect(handlers.check?.(null, 'media', 'https://evil.example.com', { isMainFrame: true })).toBe(false);
    expect(handlers.check?.(null, 'usb', serverOrigin, { isMainFrame: true })).toBe(false);
  });
});
