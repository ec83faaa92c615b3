/**
 * The few error types with meaning (STYLE.md "Events and errors"). They are turned into SIP
 * responses or HTTP status codes only at the edge.
 */

/** An operation was asked of an object in a state that does not allow it. */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/** A feature or value the code recognises but does not support. */
export class UnsupportedError extends Error {
  override name = 'UnsupportedError';
}

/** A configuration file or override that cannot be used; the message names key, value and expectation. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A SIP failure that maps to a final response at the edge. */
export class SipError extends Error {
  override name = 'SipError';
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`${status} ${reason}`);
  }
}
