/**
 * Writes a call's record (CDR) and its journey as it happens: the record exists from the first
 * moment (a crash leaves it `active`, marked `unfinished` at the next start), every step is an
 * event, and the end is written once. A store failure is logged and never breaks the call.
 */
import type { Logger } from '../shared/logger.js';
import type { CallDirection, CallRepository, CallUpdate } from '../store/store-types.js';
import type { CallEndReason, HangupBy } from './call-types.js';

export class CallRecordWriter {
  private finished = false;

  constructor(
    private readonly calls: CallRepository,
    private readonly callId: string,
    private readonly logger: Logger,
  ) {}

  start(call: { tenantId: string; direction: CallDirection; from: string; to: string }): void {
    this.safely('start', () =>
      this.calls.start({
        id: this.callId,
        tenantId: call.tenantId,
        direction: call.direction,
        fromNumber: call.from,
        toNumber: call.to,
        startedAt: new Date().toISOString(),
      }),
    );
  }

  event(kind: string, data: Record<string, unknown> = {}): void {
    this.safely(kind, () => this.calls.appendEvent(this.callId, kind, data));
  }

  update(update: CallUpdate): void {
    this.safely('update', () => this.calls.update(this.callId, update));
  }

  finish(reason: CallEndReason, by: HangupBy): void {
    if (this.finished) return;
    this.finished = true;
    this.event('ended', { reason, by });
    this.safely('finish', () =>
      this.calls.finish(this.callId, { endedAt: new Date().toISOString(), endReason: reason, hangupBy: by }),
    );
  }

  private safely(what: string, write: () => unknown): void {
    try {
      write();
    } catch (error) {
      this.logger.error({ err: error, callId: this.callId, what }, 'could not write the call record');
    }
  }
}
