/** Refusals of the engine's call and configuration operations (agent events have AgentTransitionError). */
import { InvalidStateError } from '../shared/errors.js';

export type RoutingErrorCode =
  | 'unknown-queue'
  | 'unknown-call'
  | 'unknown-agent'
  | 'duplicate-call'
  | 'duplicate-agent'
  | 'duplicate-queue'
  | 'tenant-mismatch'
  | 'no-queue'
  | 'queue-not-empty';

export class RoutingError extends InvalidStateError {
  override name = 'RoutingError';
  constructor(
    readonly code: RoutingErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
