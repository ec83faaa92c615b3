/**
 * The ways an ng request can fail. The calls layer tells "rtpengine said no" (NgCommandError: a
 * 488 for unusable SDP, say) from "rtpengine is not there" (timeout or closed channel: a 503).
 */

/** No answer after every attempt. */
export class NgTimeoutError extends Error {
  override name = 'NgTimeoutError';
  constructor(
    readonly command: string,
    readonly attempts: number,
    readonly waitedMs: number,
  ) {
    super(`rtpengine did not answer "${command}" after ${attempts} attempts (${waitedMs} ms)`);
  }
}

/** The channel was closed (stopped, or its rtpengine died) while the request was pending or before it. */
export class NgChannelClosedError extends Error {
  override name = 'NgChannelClosedError';
  constructor(
    readonly command: string,
    readonly reason: string,
  ) {
    super(`ng channel closed before "${command}" was answered: ${reason}`);
  }
}

/**
 * rtpengine answered with `"result": "error"` (and its `error-reason`), or another non-success
 * result such as `load limit` when it refuses new sessions.
 */
export class NgCommandError extends Error {
  override name = 'NgCommandError';
  constructor(
    readonly command: string,
    readonly result: string,
    readonly reason: string,
  ) {
    super(`rtpengine refused "${command}": ${reason} (result "${result}")`);
  }
}

/** A reply to our cookie that is not a valid ng message, or a request that cannot be encoded. */
export class NgProtocolError extends Error {
  override name = 'NgProtocolError';
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(`ng "${command}": ${message}`);
  }
}

export type NgError = NgTimeoutError | NgChannelClosedError | NgCommandError | NgProtocolError;

/** True when the failure says the instance is unreachable rather than that it refused the request. */
export function isNgUnavailable(error: unknown): error is NgTimeoutError | NgChannelClosedError {
  return error instanceof NgTimeoutError || error instanceof NgChannelClosedError;
}
