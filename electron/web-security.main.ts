import type { Session, WebContents } from 'electron';
import { withContentSecurityPolicy } from './content-security-policy.std.js';
import type { Logger } from './logger.std.js';
import {
  decideNavigation,
  decideRedirect,
  decideWindowOpen,
  type NavigationDecision,
} from './navigation-policy.std.js';
import { isPermissionGranted } from './permission-policy.std.js';

/**
 * Electron glue for the policies in `navigation-policy.std.ts`, `permission-policy.std.ts` and
 * `content-security-policy.std.ts`; the decisions themselves live (and are tested) there.
 */
export interface WebSecurityOptions {
  serverOrigin: string;
  contentSecurityPolicy: string;
  /** `shell.openExternal`; only ever called with URLs that passed `isExternalUrlAllowed`. */
  openExternal: (url: string) => Promise<void>;
  logger: Logger;
}

export type SecurableSession = Pick<
  Session,
  'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler'
>;
export type SecurableWebContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** CSP on every response and permissions limited to what a softphone needs, for the whole session. */
export function secureSession(session: SecurableSession, options: WebSecurityOptions): void {
  const { serverOrigin, contentSecurityPolicy, logger } = options;
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, contentSecurityPolicy) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const granted = isPermissionGranted(
      { permission, requestingUrl: details.requestingUrl, mediaTypes },
      serverOrigin,
    );
    if (!granted) {
      logger.warn(
        { permission, requestingUrl: details.requestingUrl, mediaTypes },
        'permission request refused',
      );
    }
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted(
      {
        permission,
        requestingUrl: details.requestingUrl ?? requestingOrigin,
        mediaTypes: details.mediaType === undefined ? undefined : [details.mediaType],
      },
      serverOrigin,
    ),
  );
}

/**
 * No new windows, no navigation away from the server, no `<webview>`. Applied to every web contents the app
 * creates (`app.on('web-contents-created')`), not only to the main window.
 */
export function secureWebContents(contents: SecurableWebContents, options: WebSecurityOptions): void {
  const { serverOrigin, logger } = options;
  const act = (decision: NavigationDecision, url: string, what: string): boolean => {
    if (decision.kind === 'allow') {
      return true;
    }
    if (decision.kind === 'open-externally') {
      logger.info({ url: decision.url }, `${what} opened in the system's default application`);
      options.openExternal(decision.url).catch((error: unknown) => {
        logger.warn({ url: decision.url, err: error }, 'could not open an external link');
      });
    } else {
      logger.warn({ url }, `${what} refused`);
    }
    return false;
  };

  contents.setWindowOpenHandler(({ url }) => {
    act(decideWindowOpen(url), url, 'new window');
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (!act(decideNavigation(event.url, serverOrigin), event.url, 'navigation')) {
      event.preventDefault();
    }
  });
  contents.on('will-redirect', (event) => {
    if (!act(decideRedirect(event.url, serverOrigin), event.url, 'redirect')) {
      event.preventDefault();
    }
  });
  contents.on('will-attach-webview', (event) => {
    logger.warn({}, '<webview> refused');
    event.preventDefault();
  });
}
