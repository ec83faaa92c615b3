/**
 * Options, states and events of the supervised local rtpengine (rtpengine-process.ts).
 */
import type { Logger } from '../shared/logger.js';
import type { NgChannelObserver } from './ng/ng-channel.js';
import type { RestartBackoffOptions } from './restart-backoff.js';

/**
 * The supervisor's states. A first start that fails goes back to Stopped (a configuration problem
 * should stop Tandem loudly); once rtpengine has been ready, every exit is followed by a restart.
 *
 *              start()                 ng ping answered "pong"
 *   Stopped ------------> Starting ---------------------------> Ready
 *      ^                   |    ^                                 |
 *      | first start fails |    | delay over                      | rtpengine exits
 *      +-------------------+    |                                 |
 *                          |    |                                 v
 *         exits or no pong +--> BackingOff <----------------------+
 *
 *   Starting, Ready, BackingOff --stop()--> Stopping --(SIGTERM, then SIGKILL)--> Stopped
 */
export enum RtpengineState {
  Stopped = 'stopped',
  Starting = 'starting',
  Ready = 'ready',
  BackingOff = 'backing-off',
  Stopping = 'stopping',
}

export interface RtpengineProcessOptions {
  /** `/usr/bin/rtpengine` from Debian's rtpengine-daemon. */
  binary: string;
  /** The address media is anchored on (`--interface`). */
  interface: string;
  ngHost: string;
  ngPort: number;
  portMin: number;
  portMax: number;
  /** rtpengine's own log level, 0 (emergencies only) to 7 (debug); its lines go to our logger. */
  logLevel: number;
  /** Where `start recording` writes pcap files; without it recording commands are refused. */
  recordingDir?: string;
  /** rtpengine's working directory (where a core dump would land); the system temp dir by default. */
  workingDir?: string;
  /** Holds the child's pid, so that a Tandem killed with SIGKILL can reap its rtpengine next time. */
  pidFile?: string;
  /** How long a start may take until rtpengine answers `ping`. */
  startTimeoutMs: number;
  /** How long rtpengine gets to exit after SIGTERM before SIGKILL. */
  stopTimeoutMs: number;
  restart: RestartBackoffOptions;
  ng: { timeoutMs: number; retries: number };
  logger: Logger;
  ngObserver?: NgChannelObserver;
}

export interface RtpengineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RtpengineHealth {
  state: RtpengineState;
  pid: number | null;
  /** Restarts after an unexpected exit since start(). */
  restarts: number;
  consecutiveFailures: number;
  lastExit: RtpengineExit | null;
}

export interface RtpengineProcessEvents {
  state: [next: RtpengineState, previous: RtpengineState];
  /** rtpengine exited while it was supposed to run: every session it held is gone. */
  crashed: [exit: RtpengineExit];
}
