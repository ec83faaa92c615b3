/**
 * Typed ng commands: what the calls layer asks of rtpengine and what it gets back. Field names are
 * ours (camelCase); ng-client.ts maps them to the protocol's keys ("call-id", "from-tag", ...).
 */
import type { BencodeDict } from './bencode.js';
import type { NgReply, NgRequestOverrides } from './ng-channel.js';

/** What sends one ng request: an NgChannel, or a media-plane instance that routes to one. */
export interface NgRequester {
  request(command: string, params?: BencodeDict, overrides?: NgRequestOverrides): Promise<NgReply>;
}

/** Names a call, or one side of it (the monologue of `fromTag`, or the dialogue with `toTag`). */
export interface NgCallRef {
  callId: string;
  fromTag?: string;
  toTag?: string;
  viaBranch?: string;
}

/** Known ng flags; rtpengine accepts more, so any string passes. */
export type NgFlag =
  | 'trust-address'
  | 'symmetric'
  | 'asymmetric'
  | 'strict-source'
  | 'media-handover'
  | 'port-latching'
  | 'record-call'
  | 'always-transcode'
  | 'inject-DTMF'
  | 'loop-protect'
  | 'generate-mid'
  | 'strip-extmap'
  | 'original-sendrecv'
  | 'SIP-source-address'
  | (string & {});

export type NgReplace =
  | 'origin'
  | 'session-connection'
  | 'sdp-version'
  | 'username'
  | 'session-name'
  | 'zero-address'
  | 'force-increment-sdp-ver';

export type NgTransportProtocol =
  'RTP/AVP' | 'RTP/SAVP' | 'RTP/AVPF' | 'RTP/SAVPF' | 'UDP/TLS/RTP/SAVP' | 'UDP/TLS/RTP/SAVPF';

/** Codec manipulation (the ng `codec` dictionary); each list holds codec names such as `opus` or `PCMU`. */
export interface NgCodecOptions {
  strip?: readonly string[];
  offer?: readonly string[];
  transcode?: readonly string[];
  mask?: readonly string[];
  except?: readonly string[];
  accept?: readonly string[];
}

/** What an offer and an answer share: how rtpengine rewrites the SDP toward the other side. */
export interface NgSdpOptions {
  flags?: readonly NgFlag[];
  replace?: readonly NgReplace[];
  /** Logical interface names for the two directions (rtpengine `--interface=name/ip`). */
  direction?: readonly [string, string];
  ice?: 'remove' | 'force' | 'default' | 'force-relay' | 'optional';
  dtls?: 'off' | 'passive' | 'active';
  transportProtocol?: NgTransportProtocol;
  rtcpMux?: readonly ('offer' | 'require' | 'demux' | 'accept' | 'reject')[];
  /** SDES options, e.g. `only-AES_CM_128_HMAC_SHA1_80` (Teams) or `off`. */
  sdes?: readonly string[];
  codec?: NgCodecOptions;
  /** A name for this side of the call, shown in `query` and usable instead of a tag later. */
  label?: string;
  /** Extra ng keys passed as given, for options not typed here. */
  extra?: BencodeDict;
}

export interface NgOfferRequest extends NgSdpOptions {
  callId: string;
  fromTag: string;
  /** Set on a re-offer toward a side that has answered before (hold, resume). */
  toTag?: string;
  sdp: string;
  viaBranch?: string;
}

export interface NgAnswerRequest extends NgOfferRequest {
  toTag: string;
}

export interface NgSdpResult {
  /** The SDP rewritten to point at rtpengine: forward it to the other side. */
  sdp: string;
  warning?: string;
}

export interface NgDeleteRequest extends NgCallRef {
  /** Seconds rtpengine keeps the call after the delete; 0 (the default here) removes it at once. */
  deleteDelay?: number;
}

export interface NgPlayMediaRequest extends NgCallRef {
  /** One source: a file on rtpengine's machine, audio bytes, or a database id. */
  source: { file: string } | { blob: Buffer } | { dbId: number };
  repeatTimes?: number;
  /** Start position in milliseconds. */
  startPosition?: number;
}

/**
 * `fromTag` names the side whose outgoing stream carries the event (as if its user pressed the
 * key): the other side receives it. rtpengine 10.5 needs the `inject-DTMF` flag in that call's
 * offer and answer, and media already seen from that side ("No SSRC context" otherwise).
 */
export interface NgPlayDtmfRequest extends NgCallRef {
  /** A digit 0-9, `*`, `#`, A-D. */
  code: string;
  durationMs?: number;
  /** dBm0 below full scale, as a positive number (rtpengine's default is 8). */
  volume?: number;
}

export interface NgMediaEndpoint {
  address: string;
  port: number;
}

export interface NgStreamInfo {
  localAddress: string;
  localPort: number;
  /** Where rtpengine sends this stream's media (learned or from the SDP). */
  endpoint: NgMediaEndpoint | null;
  packets: number;
  bytes: number;
  errors: number;
  flags: readonly string[];
}

export interface NgMediaInfo {
  index: number;
  type: string;
  protocol: string;
  streams: readonly NgStreamInfo[];
  flags: readonly string[];
}

export interface NgTagInfo {
  tag: string;
  label: string | null;
  medias: readonly NgMediaInfo[];
}

export interface NgCallInfo {
  /** Unix time in seconds. */
  created: number;
  lastSignal: number;
  tags: readonly NgTagInfo[];
  raw: BencodeDict;
}

export interface NgStatistics {
  sessionsOwn: number;
  sessionsForeign: number;
  sessionsTotal: number;
  transcodedMedia: number;
  packetRate: number;
  raw: BencodeDict;
}
