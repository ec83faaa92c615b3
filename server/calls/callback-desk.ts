/**
 * Callbacks: a caller waiting in a queue asks to be called back instead of holding on. The request
 * takes the caller's place in the queue (the engine queues it with the caller's original arrival time,
 * so it keeps its position); when the engine offers it to an agent, a CallbackCall rings the agent and
 * then dials the caller's number. Each callback has a call record of its own (outbound, event
 * `callback` naming the call that asked for it).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../shared/logger.js';
import type { MediaPlane } from '../sfu/media-plane.js';
import type { PromptMaker } from '../sfu/ivr/index.js';
import type { CallOffer, QueueExit, WithdrawReason } from '../routing/index.js';
import type { Store } from '../store/store-types.js';
import { CallRecordWriter } from './call-record-writer.js';
import { CallbackCall } from './callback-call.js';
import type { CallerIdentity, CallTarget } from './callee-placer.js';
import type { OfferHandler, QueueRouter } from './queue-router.js';

export interface CallbackRequest {
  readonly tenantId: string;
  readonly queueId: string;
  /** The number to call back (the caller's). */
  readonly number: string;
  /** When the caller joined the queue: the callback keeps that place. */
  readonly arrivedAt: number;
  /** The call in which the caller asked. */
  readonly fromCallId: string;
}

export interface CallbackDeskDeps {
  readonly router: QueueRouter;
  readonly media: MediaPlane;
  readonly store: Store;
  readonly logger: Logger;
  readonly prompts: PromptMaker | null;
  readonly voice: string;
  readonly ringTimeoutMs: number;
  /** The device to ring for an agent, showing `caller`. */
  readonly agentTarget: (agentId: string, caller: CallerIdentity) => CallTarget | null;
  /** The caller's number through the tenant's trunk. */
  readonly numberTarget: (tenantId: string, e164: string) => Promise<CallTarget | null>;
}

export class CallbackDesk {
  /** Callbacks in progress (ringing an agent, dialling, connected), by id. */
  private readonly calls = new Map<string, CallbackCall>();

  constructor(private readonly deps: CallbackDeskDeps) {}

  get active(): readonly CallbackCall[] {
    return [...this.calls.values()];
  }

  /** Queues a callback; returns its id, or null when routing would not take it (queue closed, full). */
  request(request: CallbackRequest): string | null {
    const id = randomUUID();
    const { router } = this.deps;
    router.handle(id, this.handlerFor(id, request));
    const result = router.engine.enqueue({
      callId: id,
      tenantId: request.tenantId,
      queueIds: [request.queueId],
      callerNumber: request.number,
      arrivedAt: request.arrivedAt,
      attributes: { callback: 'true', fromCallId: request.fromCallId },
    });
    if (!result.ok || result.value.outcome !== 'queued') {
      router.callFinished(id);
      return null;
    }
    this.deps.logger.info({ callbackId: id, queueId: request.queueId }, 'callback queued');
    return id;
  }

  /** Ends every callback in progress (shutdown). */
  stop(): void {
    for (const call of this.calls.values()) call.hangup('shutdown');
  }

  private handlerFor(id: string, request: CallbackRequest): OfferHandler {
    return {
      offer: (offer) => this.offer(id, request, offer),
      withdraw: (_agentId: string, _reason: WithdrawReason) => this.calls.get(id)?.withdraw(),
      leave: (exit: QueueExit) => {
        this.deps.logger.warn({ callbackId: id, reason: exit.reason }, 'callback left the queue unserved');
        this.deps.router.callFinished(id);
      },
    };
  }

  private offer(id: string, request: CallbackRequest, offer: CallOffer): void {
    const { router, logger } = this.deps;
    const caller: CallerIdentity = { user: request.number, displayName: `Callback ${request.number}` };
    const agent = this.deps.agentTarget(offer.agentId, caller);
    if (!agent || this.calls.has(id)) {
      router.engine.agentCommand(offer.agentId, { type: 'offerRejected', callId: id });
      return;
    }
    // Each attempt (agent, then customer) is a call of its own: record and media session.
    const attemptId = randomUUID();
    const record = new CallRecordWriter(this.deps.store.calls, attemptId, logger);
    record.start({
      tenantId: request.tenantId,
      direction: 'outbound',
      from: agent.label,
      to: request.number,
    });
    record.update({ queueId: request.queueId });
    record.event('callback', { callbackId: id, fromCallId: request.fromCallId });
    const call = new CallbackCall(
      attemptId,
      request.number,
      agent,
      () => this.deps.numberTarget(request.tenantId, request.number),
      {
        media: this.deps.media,
        prompts: this.deps.prompts,
        voice: this.deps.voice,
        record,
        logger: logger.child({ callId: attemptId, callbackId: id }),
        ringTimeoutMs: this.deps.ringTimeoutMs,
        agentAnswered: () => {
          const accepted = router.engine.agentCommand(offer.agentId, {
            type: 'offerAccepted',
            callId: id,
          }).ok;
          if (accepted) router.routedTo(id, offer.agentId);
          return accepted;
        },
        agentRefused: () => router.engine.agentCommand(offer.agentId, { type: 'offerRejected', callId: id }),
        ended: (_reason, served) => {
          this.calls.delete(id);
          if (served) router.callFinished(id);
        },
      },
    );
    this.calls.set(id, call);
    call.start();
  }
}
