/**
 * The mixer's contract with the calls layer: participants, their roles and statistics, the
 * mixer's events, and what it reports to metrics each tick.
 */
import type { G711PayloadType } from './g711.js';
import type { MixerRole } from './mixer-roles.js';

export type { MixerRole } from './mixer-roles.js';
export { MixerPortsExhaustedError } from './udp-port-pool.js';

export interface MediaAddress {
  address: string;
  port: number;
}

export interface MixerParticipantOptions {
  /** Unique in the mixer; the calls layer's leg id is a good choice. */
  id: string;
  /** Default `full`. */
  role?: MixerRole;
  /** For `whisper`: the id of the one participant who hears it (the agent being coached). */
  whisperTo?: string | null;
  /** What the mixer sends to this participant: 0 PCMU (default) or 8 PCMA. It decodes either. */
  payloadType?: G711PayloadType;
  /**
   * Where to send this participant's mix: rtpengine's address and port for the leg, from its SDP.
   * Without it the mixer latches on to the source of the first RTP packet (symmetric RTP) and sends
   * nothing before. Either way only packets from that address are mixed.
   */
  remote?: MediaAddress | null;
}

export interface MixerParticipantStats {
  /** Audio packets taken into the jitter buffer. */
  packetsIn: number;
  packetsOut: number;
  /** Packets that came after their turn to play. */
  late: number;
  /** Frames whose packet never came (concealed). */
  lost: number;
  duplicates: number;
  /** Packets refused: from another address, an unknown payload type, or a flood. */
  dropped: number;
  /** Ticks with nothing to play while the participant was expected to speak. */
  underruns: number;
  /** RFC 4733 events received (dropped from the audio, reported as `dtmf`). */
  telephoneEvents: number;
}

export interface ConferenceMixerEvents {
  participantJoined: [participantId: string];
  participantLeft: [participantId: string];
  /** A participant without a configured remote address latched on to the first packet's source. */
  latched: [participantId: string, remote: MediaAddress];
  /** A participant finished a DTMF key press (RFC 4733 end of event, reported once). */
  dtmf: [participantId: string, key: string, durationMs: number];
  /** No RTP from a participant for `mediaTimeoutMs`: hung up, on hold, or a broken path. */
  mediaTimeout: [participantId: string];
  /** RTP arrives again after a `mediaTimeout`. */
  mediaResumed: [participantId: string];
  closed: [];
}

/** What happened in one tick, for metrics; counts since the previous report. */
export interface MixerTickReport {
  /** CPU time the tick took (reading jitter buffers, mixing, encoding, sending). */
  seconds: number;
  participants: number;
  packetsIn: number;
  packetsOut: number;
  late: number;
  lost: number;
  dropped: number;
}

export interface MixerObserver {
  tickFinished(report: MixerTickReport): void;
  participantsChanged(delta: number): void;
}
