/** How a mixer is built; every field but the logger has a default that suits a phone call. */
import type { Logger } from '../../shared/logger.js';
import type { MixerObserver } from './conference-mixer-types.js';
import type { TickerClock } from './frame-ticker.js';
import type { JitterBufferOptions } from './jitter-buffer.js';
import type { UdpPortPool } from './udp-port-pool.js';

export interface ConferenceMixerOptions {
  /** For logs: the conference or call id. Default: a random UUID. */
  id?: string;
  logger: Logger;
  /** Where participant sockets come from; share one pool per process. Default: 127.0.0.1, any port. */
  ports?: UdpPortPool;
  /** Default depth 3 (60 ms of delay), maxDepth 8. */
  jitter?: JitterBufferOptions;
  /** Missing frames filled by repeating the last one, fading, before silence. Default 3. */
  concealFrames?: number;
  /** RFC 4733 telephone-event payload type in the participants' SDP; null for none. Default 101. */
  telephoneEventPayloadType?: number | null;
  /** Emit `mediaTimeout` after this long without RTP from a participant. Default 10 s. */
  mediaTimeoutMs?: number;
  clock?: TickerClock;
  observer?: MixerObserver;
}

export const MIXER_DEFAULTS = {
  jitter: { depth: 3, maxDepth: 8 },
  concealFrames: 3,
  telephoneEventPayloadType: 101,
  mediaTimeoutMs: 10_000,
} as const;
