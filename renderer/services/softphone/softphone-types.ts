/**
 * The softphone service's contract with the rest of the renderer: what it is told (options) and whom it
 * tells (the store's actions, through `SoftphoneReports`).
 */
import type { CallsActions } from '../../store/calls/actions.js';
import type { LinkStatus } from '../../store/session/initial-state.js';
import type { RemoteVideo } from './call-video.js';

export interface SoftphoneOptions {
  /** The server's origin; the SIP WebSocket is on the same host. */
  readonly serverBaseUrl: string;
  /** `wss://host:8089` (default for an https page or when given) or `ws://host:8088`. */
  readonly sipServer: string;
  readonly username: string;
  readonly password: string;
  /** The SIP domain of the agent's address of record; default `tandem.local`. */
  readonly domain?: string;
  /** Keep media on 127.0.0.1 (a server on loopback); see loopback-candidates.ts. */
  readonly loopbackOnly: boolean;
  /** Where remote audio plays: an <audio> element the service creates in this parent. */
  readonly audioParent?: HTMLElement;
  /** The agent's chosen microphone, null for the default; read each time a call opens the microphone. */
  readonly microphoneId?: () => string | null;
}

export interface SoftphoneReports {
  readonly calls: CallsActions;
  phoneStatus(status: LinkStatus): void;
}

/** The actions on the current call that the UI offers. Each rejects with a readable reason. */
export interface SoftphoneControls {
  answer(): Promise<void>;
  decline(): Promise<void>;
  hangUp(): Promise<void>;
  setHeld(held: boolean): Promise<void>;
  setMuted(muted: boolean): void;
  /** Digits `0-9`, `*`, `#`, `A-D`, each sent as a SIP INFO (application/dtmf-relay). */
  sendDigits(digits: string): Promise<void>;
  /** Blind transfer (REFER) to an extension, a number or a SIP URI. */
  transfer(target: string): Promise<void>;
  /** Consultative transfer: holds the customer and calls `target` (an extension, a number or a SIP URI). */
  consult(target: string): Promise<void>;
  /** Joins the customer and the consulted party (REFER with Replaces); our calls end as transferred. */
  completeConsult(): Promise<void>;
  /** Ends the consult call and takes the customer off hold. */
  returnToCaller(): Promise<void>;
  /**
   * Places a call to an extension, an agent's name, a number or a SIP URI; resolves once the INVITE is
   * sent (progress, answer and refusal reach the store). `name` is shown while it rings (a directory entry).
   */
  dial(target: string, name?: string): Promise<void>;
  /** Turns the agent's camera on (adding video by re-INVITE) or off; rejects when the party takes no video. */
  setCamera(on: boolean): Promise<void>;
  /** Shares a screen or window (getDisplayMedia) on a new video m-line; rejects when refused. */
  startScreenShare(): Promise<void>;
  stopScreenShare(): Promise<void>;
  /** The far end's video now, one stream per m-line it arrives on (the store lists their mids). */
  remoteVideos(): RemoteVideo[];
  /** The agent's own camera, for her preview; null while it is off. */
  selfView(): MediaStream | null;
}

export interface Softphone extends SoftphoneControls {
  /** Connects and registers; rejects with `RegistrationRefusedError` or an error of the transport. */
  start(): Promise<void>;
  /** Ends any call, unregisters when possible, and stops. May be called twice. */
  stop(): Promise<void>;
  /** The current call's peer connection (call quality, device switching); undefined without a call. */
  peerConnection(): RTCPeerConnection | undefined;
}
