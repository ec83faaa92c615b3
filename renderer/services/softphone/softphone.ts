/**
 * The agent's softphone: a SIP.js 0.21 UserAgent registered over WebSocket (RFC 7118), one call at a time,
 * kept registered by phone-link.ts. SIP.js's own reconnection is off: phone-link reconnects with backoff,
 * for as long as the agent is signed in, and registers again each time the transport is back (a server
 * that restarted has forgotten the binding).
 */
import { Inviter, Registerer, RegistererState, UserAgent, type Invitation } from 'sip.js';
import { CallSession } from './call-session.js';
import { transferUri } from './dial-strings.js';
import { mediaHandlerFactory } from './media-handler.js';
import { createPhoneLink, RegistrationRefusedError, type PhoneLink } from './phone-link.js';
import type { Softphone, SoftphoneOptions, SoftphoneReports } from './softphone-types.js';

/** The SIP WebSocket next to the HTTP server: wss on 8089 for an https page, ws on 8088 otherwise. */
export function defaultSipServer(serverBaseUrl: string): string {
  const url = new URL(serverBaseUrl);
  return url.protocol === 'https:' ? `wss://${url.hostname}:8089` : `ws://${url.hostname}:8088`;
}

/** How often the transport sends a CRLF keep-alive (RFC 5626 section 4.4.1), so a dead network shows. */
const KEEP_ALIVE_SECONDS = 15;

/** A placed call opens the microphone only; video is added by the agent during the call. */
const placedCallMedia = { constraints: { audio: true, video: false } };

export function createSoftphone(options: SoftphoneOptions, reports: SoftphoneReports): Softphone {
  const domain = options.domain ?? 'tandem.local';
  const uri = UserAgent.makeURI(`sip:${options.username}@${domain}`);
  if (!uri) throw new TypeError(`not a valid agent name: ${options.username}`);
  let current: CallSession | undefined;
  let callCount = 0;
  let stopping = false;

  const userAgent = new UserAgent({
    uri,
    transportOptions: {
      server: options.sipServer,
      connectionTimeout: 5,
      keepAliveInterval: KEEP_ALIVE_SECONDS,
    },
    authorizationUsername: options.username,
    authorizationPassword: options.password,
    displayName: options.username,
    logBuiltinEnabled: false,
    logLevel: 'warn',
    reconnectionAttempts: 0,
    sessionDescriptionHandlerFactory: mediaHandlerFactory({
      loopbackOnly: options.loopbackOnly,
      ...(options.microphoneId ? { microphoneId: options.microphoneId } : {}),
    }),
    delegate: {
      onInvite: (invitation) => offered(invitation),
      onDisconnect: (error) => {
        if (error && !stopping) link.lost();
      },
    },
  });
  const registerer = new Registerer(userAgent, { logConfiguration: false });
  registerer.stateChange.addListener((state) => {
    // A refresh that failed, or the server ending the binding: register again.
    if (state === RegistererState.Unregistered && !stopping) link.lost();
  });

  const offered = (invitation: Invitation) => {
    // RFC 3261 21.4.24 486 Busy Here: one call at a time in this slice; Tandem routes the caller elsewhere.
    if (current !== undefined) {
      void invitation.reject({ statusCode: 486 });
      return;
    }
    callCount += 1;
    current = new CallSession(
      `call-${callCount}`,
      invitation,
      reports.calls,
      options.audioParent,
      domain,
      (call) => {
        if (current === call) current = undefined;
      },
    );
  };

  const register = () =>
    new Promise<void>((resolve, reject) => {
      registerer
        .register({
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new RegistrationRefusedError(response.message.statusCode ?? 0)),
          },
        })
        .catch(reject);
    });

  const link: PhoneLink = createPhoneLink({
    connection: {
      connect: async () => {
        if (userAgent.isConnected()) return;
        if (userAgent.state === 'Started') await userAgent.reconnect();
        else await userAgent.start();
      },
      register,
    },
    onStatus: (status) => reports.phoneStatus(status),
  });

  /**
   * Places a call (RFC 3261 section 13.2): one at a time, audio first; the camera can follow by re-INVITE.
   * The store hears of progress (180/183) and of a refusal's status; CallSession reports the rest.
   */
  const dial = async (target: string, name?: string): Promise<void> => {
    if (stopping) throw new Error('the phone is stopping');
    if (current !== undefined) throw new Error('there is a call already');
    const uri = UserAgent.makeURI(transferUri(target, domain));
    if (!uri) throw new TypeError(`not a number, extension or SIP address: ${target}`);
    callCount += 1;
    const inviter = new Inviter(userAgent, uri, {
      sessionDescriptionHandlerOptions: placedCallMedia,
      ...(name ? { params: { toDisplayName: name } } : {}),
    });
    const call = new CallSession(
      `call-${callCount}`,
      inviter,
      reports.calls,
      options.audioParent,
      domain,
      (ended) => {
        if (current === ended) current = undefined;
      },
    );
    current = call;
    const learnCallId = (serverCallId: string | undefined) => {
      if (serverCallId) reports.calls.serverCallIdKnown(call.id, serverCallId);
    };
    await inviter.invite({
      requestDelegate: {
        onProgress: (response) => {
          const status = response.message.statusCode ?? 0;
          learnCallId(response.message.getHeader('X-Tandem-Call-Id'));
          if (status === 180 || status === 183) reports.calls.dialProgress(call.id, 'ringing');
        },
        onAccept: (response) => learnCallId(response.message.getHeader('X-Tandem-Call-Id')),
        onReject: (response) => reports.calls.dialRefused(call.id, response.message.statusCode ?? 0),
      },
    });
  };

  const requireCall = (): CallSession => {
    if (!current) throw new Error('there is no call');
    return current;
  };

  return {
    start: () => link.start(),
    async stop() {
      if (stopping) return;
      stopping = true;
      link.close();
      await current?.hangUp().catch(() => undefined);
      if (registerer.state === RegistererState.Registered && userAgent.isConnected()) {
        await registerer.unregister().catch(() => undefined);
      }
      await userAgent.stop().catch(() => undefined);
    },
    answer: () => requireCall().answer(),
    decline: () => requireCall().decline(),
    hangUp: () => requireCall().hangUp(),
    setHeld: (held) => requireCall().setHeld(held),
    setMuted: (muted) => requireCall().setMuted(muted),
    sendDigits: (digits) => requireCall().sendDigits(digits),
    transfer: (target) => requireCall().transfer(target),
    peerConnection: () => current?.peerConnection(),
    consult: async (target) => {
      const call = requireCall();
      const uri = UserAgent.makeURI(transferUri(target, domain));
      if (!uri) throw new TypeError(`not a consult target: ${target}`);
      await call.startConsult(new Inviter(userAgent, uri), target);
    },
    completeConsult: () => requireCall().completeConsult(),
    returnToCaller: () => requireCall().returnToCaller(),
    dial,
    setCamera: (on) => requireCall().video.setCamera(on),
    startScreenShare: () => requireCall().video.startScreenShare(),
    stopScreenShare: () => requireCall().video.stopScreenShare(),
    remoteVideos: () => current?.video.remoteVideos() ?? [],
    selfView: () => current?.video.selfView() ?? null,
  };
}
