/**
 * The video side of the agent test page's contract (see browser-agent-types.ts for the rest): what
 * page/video-call.dom.ts puts on `window.tandemVideo`, and the snapshots it answers with. Types only.
 */

/** What a call sends: the microphone alone (the default) or the microphone and the (fake) camera. */
export type CallMedia = 'audio' | 'video';

/** One received video stream of a call (an `inbound-rtp` report of kind video). */
export interface InboundVideoStats {
  /** The m-line it arrives on: the camera's, or a screen share's. */
  readonly mid: string;
  readonly trackIdentifier: string;
  readonly packetsReceived: number;
  readonly framesReceived: number;
  /** Grows only while frames arrive and decode: the proof that video is seen. */
  readonly framesDecoded: number;
  readonly frameWidth?: number;
  readonly frameHeight?: number;
  /** `video/VP8`, `video/H264`... */
  readonly codec?: string;
}

/** One sent video stream (an `outbound-rtp` report of kind video). */
export interface OutboundVideoStats {
  readonly mid: string;
  readonly packetsSent: number;
  readonly framesEncoded: number;
  readonly codec?: string;
}

/** A transceiver of the call's peer connection, as negotiated. */
export interface TransceiverSnapshot {
  readonly mid: string | null;
  readonly kind: string;
  readonly direction: string;
  readonly currentDirection: string | null;
}

export interface VideoStats {
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  /** Ordered by mid. */
  readonly inbound: readonly InboundVideoStats[];
  readonly outbound: readonly OutboundVideoStats[];
  readonly transceivers: readonly TransceiverSnapshot[];
}

/** A screen share that started: the m-line it is sent on and where its picture comes from. */
export interface ScreenShareSnapshot {
  readonly mid: string;
  /** `getDisplayMedia` (Chromium's fake picker chooses the whole screen without asking). */
  readonly source: 'display';
  readonly label: string;
}

/** What the test page puts on `window.tandemVideo`. Every method is safe to call through `page.evaluate`. */
export interface VideoPageApi {
  /** Answers an incoming call with microphone and camera; resolves when the 200 OK is sent. */
  answer(callId: string): Promise<void>;
  /**
   * Shares the screen: one more video transceiver (sendonly) and a re-INVITE offering it; resolves once the
   * other side accepted it. Rejects if a share is already running or the re-INVITE is refused.
   */
  startScreenShare(callId: string): Promise<ScreenShareSnapshot>;
  /** Stops the share's track and transceiver (its m-line goes to port 0) and re-INVITEs; resolves on acceptance. */
  stopScreenShare(callId: string): Promise<void>;
  videoStats(callId: string): Promise<VideoStats>;
}

declare global {
  interface Window {
    tandemVideo?: VideoPageApi;
  }
}
