/**
 * The contract between the agent test page (`page/*.dom.ts`, running in Chromium) and the harness that drives
 * it from Node (`*.node.ts`) through `page.evaluate`: what the page exposes on `window.tandemAgent`, and the
 * plain, serialisable snapshots it answers with. Types only: both sides import it, neither runs it.
 */

export type SipTransport = 'ws' | 'wss';

/**
 * How DTMF leaves the browser: `info` sends SIP INFO with an `application/dtmf-relay` body, one per digit;
 * `rfc4733` plays telephone-events in the RTP stream through the audio sender's RTCDTMFSender.
 */
export type DtmfMethod = 'info' | 'rfc4733';

export type SipLogLevel = 'debug' | 'log' | 'warn' | 'error';

/** What the page needs to start its SIP.js user agent. */
export interface PageAgentConfig {
  /** `ws://127.0.0.1:<port>` or `wss://127.0.0.1:<port>`. */
  readonly server: string;
  /** Address of record, e.g. `sip:alice@tandem.local`. */
  readonly aor: string;
  readonly username: string;
  readonly password: string;
  /** SIP.js waits for ICE gathering to finish (no trickle ICE) at most this long. */
  readonly iceGatheringTimeoutMs: number;
  readonly logLevel: SipLogLevel;
}

/**
 * The registerer's state as SIP.js reports it (`RegistererState`), plus the last refusal of a REGISTER, if
 * any. SIP.js answers a 401 challenge by itself: `refusal` is the final answer after that.
 */
export interface RegistrationSnapshot {
  readonly state: 'Initial' | 'Registered' | 'Unregistered' | 'Terminated';
  readonly refusal?: { readonly statusCode: number; readonly reasonPhrase: string };
}

export type TransportStateName = 'Connecting' | 'Connected' | 'Disconnecting' | 'Disconnected';

/**
 *   Initial --> Establishing --> Established --> Terminating --> Terminated
 *      |             |                                              ^
 *      +-------------+----------------------------------------------+
 * (SIP.js `SessionState`; an unanswered call goes straight to Terminated.)
 */
export type CallStateName = 'Initial' | 'Establishing' | 'Established' | 'Terminating' | 'Terminated';

/** Why a call ended, and who ended it. */
export interface CallEnding {
  readonly by: 'local' | 'remote';
  /** `bye` after an answer; `cancel` before one; `rejected` with a final non-2xx; `failed` otherwise. */
  readonly cause: 'bye' | 'cancel' | 'rejected' | 'failed';
  readonly statusCode?: number;
  readonly reasonPhrase?: string;
  /** For `failed`: what went wrong (an SDP or media error, a lost transport). */
  readonly detail?: string;
}

/** A digit that reached the page in a SIP INFO (`application/dtmf-relay`: `Signal=5`, `Duration=160`). */
export interface ReceivedDtmf {
  readonly tone: string;
  readonly durationMs?: number;
  readonly contentType: string;
}

export interface CallSnapshot {
  readonly id: string;
  readonly direction: 'incoming' | 'outgoing';
  /** The other party: From of an incoming call, the target of an outgoing one. */
  readonly remoteUri: string;
  readonly remoteDisplayName?: string;
  readonly state: CallStateName;
  /** Whether we put the call on hold (and the other side accepted). */
  readonly held: boolean;
  readonly microphoneEnabled: boolean;
  /** The audio transceiver's negotiated direction (`currentDirection`), e.g. `recvonly` when held by them. */
  readonly audioDirection: string | null;
  readonly ending?: CallEnding;
  readonly dtmfReceived: readonly ReceivedDtmf[];
  /** Tones the RTCDTMFSender reported playing (RFC 4733), in order. */
  readonly dtmfPlayed: string;
}

export interface AgentStatus {
  readonly transport: TransportStateName;
  readonly registration: RegistrationSnapshot;
  /** Every call of this page, oldest first. */
  readonly calls: readonly CallSnapshot[];
}

/** One ICE candidate pair as `getStats` reports it. */
export interface CandidatePairStats {
  readonly state: string;
  readonly nominated: boolean;
  readonly selected: boolean;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly protocol: string;
  /** `host`, `srflx`, `prflx` or `relay`. Chromium does not reveal the address of a `prflx` remote. */
  readonly localType: string;
  readonly remoteType: string;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Seconds, from STUN consent checks; absent until one completed. */
  readonly currentRoundTripTime?: number;
}

/** Audio of one call from `RTCPeerConnection.getStats()`; a section is null when the report has none yet. */
export interface AudioStats {
  /** Milliseconds since the epoch, from the report. */
  readonly timestamp: number;
  readonly inbound: {
    readonly packetsReceived: number;
    readonly bytesReceived: number;
    readonly packetsLost: number;
    /** Seconds. */
    readonly jitter: number;
    /** 0..1, the most recent level of what is heard. */
    readonly audioLevel: number;
    /** Sum of level squared times duration: grows only while what is heard is not silence. */
    readonly totalAudioEnergy: number;
    readonly totalSamplesDuration: number;
    readonly codec?: string;
  } | null;
  readonly outbound: {
    readonly packetsSent: number;
    readonly bytesSent: number;
    readonly codec?: string;
    /** From RTCP receiver reports of the other side, seconds. */
    readonly roundTripTime?: number;
  } | null;
  /** The microphone as captured (`media-source`), before it is encoded. */
  readonly source: { readonly audioLevel: number; readonly totalAudioEnergy: number } | null;
  readonly candidatePairs: readonly CandidatePairStats[];
  /** The pair the transport selected; null before ICE connected. */
  readonly selectedPair: CandidatePairStats | null;
}

/** The local and remote SDP as the peer connection holds them (what SIP.js put on the wire may differ). */
export interface SessionDescriptions {
  readonly local: string | null;
  readonly remote: string | null;
}

/** What the test page puts on `window.tandemAgent`. Every method is safe to call through `page.evaluate`. */
export interface AgentPageApi {
  /** Creates the SIP.js user agent and connects its WebSocket; rejects if the connection fails. */
  start(config: PageAgentConfig): Promise<void>;
  /** Sends REGISTER; the outcome shows in `status().registration`. */
  register(): Promise<void>;
  /** Sends REGISTER with expires 0; the outcome shows in `status().registration`. */
  unregister(): Promise<void>;
  status(): AgentStatus;
  /** Sends INVITE to `target` (a SIP URI), with video when `media` says; resolves with the call's id once sent. */
  call(target: string, media?: 'audio' | 'video'): Promise<string>;
  answer(callId: string): Promise<void>;
  reject(callId: string, statusCode: number): Promise<void>;
  /** BYE after an answer, CANCEL or a rejection before one. */
  hangup(callId: string): Promise<void>;
  /** Re-INVITE with the audio sendonly (or inactive); resolves when the other side accepted it. */
  hold(callId: string): Promise<void>;
  unhold(callId: string): Promise<void>;
  /** Resolves when every tone was sent (INFO: accepted; RFC 4733: played out by the DTMF sender). */
  sendDtmf(callId: string, tones: string, method: DtmfMethod, durationMs: number): Promise<void>;
  /** Mutes or unmutes the microphone track: a muted track sends silence, not nothing. */
  setMicrophoneEnabled(callId: string, enabled: boolean): void;
  audioStats(callId: string): Promise<AudioStats>;
  descriptions(callId: string): SessionDescriptions;
  /** Ends every call, unregisters if registered, closes the WebSocket. */
  stop(): Promise<void>;
}

declare global {
  interface Window {
    tandemAgent?: AgentPageApi;
  }
}
