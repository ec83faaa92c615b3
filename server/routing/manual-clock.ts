/**
 * A clock that moves only when told to: timers fire in due order, each seeing `now()` equal to its
 * due time. Used by tests, property tests and the benchmark, where wall-clock time would make
 * results depend on the machine. Pending timers sit in a binary heap, so a benchmark with thousands
 * of them stays fast.
 */
import type { Clock, TimerHandle } from './clock.js';

interface PendingTimer {
  dueAt: number;
  order: number;
  fire: () => void;
  cancelled: boolean;
}

export class ManualClock implements Clock {
  private current: number;
  private order = 0;
  private readonly heap: PendingTimer[] = [];
  private live = 0;

  constructor(startAt: number = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.current = startAt;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, fire: () => void): TimerHandle {
    const timer: PendingTimer = {
      dueAt: this.current + Math.max(0, delayMs),
      order: this.order++,
      fire,
      cancelled: false,
    };
    this.push(timer);
    this.live++;
    return {
      cancel: () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        this.live--;
      },
    };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.current + Math.max(0, ms);
    for (;;) {
      const next = this.heap[0];
      if (!next || next.dueAt > target) break;
      this.pop();
      if (next.cancelled) continue;
      next.cancelled = true;
      this.live--;
      this.current = next.dueAt;
      next.fire();
    }
    this.current = target;
  }

  /** How many timers are still waiting to fire. */
  get pendingCount(): number {
    return this.live;
  }

  private before(a: PendingTimer, b: PendingTimer): boolean {
    return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.order < b.order);
  }

  private push(timer: PendingTimer): void {
    const heap = this.heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && this.before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === index) break;
      [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
      index = smallest;
    }
  }
}
