/**
 * What every transaction shares: an explicit state machine whose `transition()` refuses moves the
 * RFC does not allow, named timers that are all cleared on termination, and sending through the
 * transport layer below.
 */
import type { Logger } from '../../shared/logger.js';
import { InvalidStateError } from '../../shared/errors.js';
import type { SipMessage } from '../message/index.js';
import type { Flow } from '../transport/transport-types.js';
import { TransactionState, type MessageSender, type TimerValues } from './transaction-types.js';

export interface TransactionContext {
  sender: MessageSender;
  timers: TimerValues;
  logger: Logger;
  /** Called once when the transaction reaches Terminated, so the layer forgets it. */
  onTerminated(transaction: Transaction): void;
}

/** Which states each state may move to; everything else is refused. */
export type TransitionTable = Readonly<Partial<Record<TransactionState, readonly TransactionState[]>>>;

export abstract class Transaction {
  private currentState: TransactionState;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  protected constructor(
    readonly key: string,
    initial: TransactionState,
    protected readonly context: TransactionContext,
    private readonly allowed: TransitionTable,
  ) {
    this.currentState = initial;
  }

  get state(): TransactionState {
    return this.currentState;
  }

  /** The flow messages of this transaction travel on (known once sent or received). */
  abstract get flow(): Flow | null;

  protected transition(next: TransactionState): void {
    const from = this.currentState;
    if (from === next) return;
    if (!(this.allowed[from] ?? []).includes(next)) {
      throw new InvalidStateError(`${this.constructor.name}: ${from} -> ${next} is not allowed`);
    }
    this.currentState = next;
    this.context.logger.trace({ transaction: this.key, from, to: next }, 'transaction state');
    if (next === TransactionState.Terminated) {
      for (const timer of this.timers.values()) clearTimeout(timer);
      this.timers.clear();
      this.context.onTerminated(this);
    }
  }

  protected startTimer(name: string, delayMs: number, fire: () => void): void {
    this.stopTimer(name);
    const timer = setTimeout(() => {
      this.timers.delete(name);
      if (this.currentState !== TransactionState.Terminated) fire();
    }, delayMs);
    timer.unref?.();
    this.timers.set(name, timer);
  }

  protected stopTimer(name: string): void {
    const timer = this.timers.get(name);
    if (timer) clearTimeout(timer);
    this.timers.delete(name);
  }

  protected get reliable(): boolean {
    return this.flow?.reliable ?? false;
  }

  /** Ends the transaction now (the layer is stopping, or the TU gave up). Idempotent. */
  terminate(): void {
    if (this.currentState !== TransactionState.Terminated) {
      this.currentState = TransactionState.Terminated;
      for (const timer of this.timers.values()) clearTimeout(timer);
      this.timers.clear();
      this.context.onTerminated(this);
    }
  }

  protected async sendOnFlow(message: SipMessage, flow: Flow): Promise<void> {
    await this.context.sender.sendOnFlow(message.toBuffer(), flow);
  }
}
