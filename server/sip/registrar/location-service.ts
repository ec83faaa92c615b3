/**
 * Where each AOR can be reached: its bindings, kept in memory, expired by a sweep, removed when
 * their flow closes (RFC 5626 section 5.2: "the registrar [...] MUST remove the binding" for a
 * flow that failed). Emits online/offline so that routing can follow agents.
 */
import { TypedEmitter } from '../../shared/typed-emitter.js';
import { isSipUri, parseUri, type Uri } from '../message/index.js';
import type { Flow } from '../transport/transport-types.js';
import type { Binding, LocationEvents } from './registrar-types.js';

export class LocationService extends TypedEmitter<LocationEvents> {
  private readonly byAor = new Map<string, Binding[]>();
  private readonly aorsByFlow = new Map<string, Set<string>>();
  private readonly aorsByUdpSource = new Map<string, Set<string>>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  /** The live bindings of an AOR, most recently registered first. */
  lookup(aor: string): Binding[] {
    const now = this.now();
    return (this.byAor.get(aor) ?? []).filter((binding) => binding.expiresAt > now);
  }

  get aorCount(): number {
    return this.byAor.size;
  }

  get bindingCount(): number {
    let count = 0;
    for (const bindings of this.byAor.values()) count += bindings.length;
    return count;
  }

  /** Replaces the AOR's bindings with `bindings` (already merged by the registrar). */
  replace(aor: string, bindings: Binding[]): void {
    const before = this.byAor.get(aor) ?? [];
    const sorted = [...bindings].sort((a, b) => b.registeredAt - a.registeredAt);
    this.relink(aor, before, sorted);
    if (sorted.length === 0) {
      this.byAor.delete(aor);
      if (before.length > 0) this.emit('offline', aor, 'unregistered');
      return;
    }
    this.byAor.set(aor, sorted);
    if (before.length === 0) this.emit('online', aor);
  }

  /**
   * The flow of a live binding whose Contact is `target` (same user and host): how a WebSocket client
   * that reconnected and registered again is reached for a dialog that began on its old connection.
   */
  flowReaching(target: Uri): Flow | null {
    if (!isSipUri(target)) return null;
    const host = target.host.toLowerCase();
    for (const binding of this.byAor.values()) {
      for (const candidate of binding) {
        if (candidate.expiresAt <= this.now()) continue;
        let contact: Uri;
        try {
          contact = parseUri(candidate.contact);
        } catch {
          continue;
        }
        if (isSipUri(contact) && contact.user === target.user && contact.host.toLowerCase() === host)
          return candidate.flow;
      }
    }
    return null;
  }

  /** Removes every binding registered over a flow that closed. */
  flowClosed(flowId: string): void {
    const aors = this.aorsByFlow.get(flowId);
    if (!aors) return;
    this.aorsByFlow.delete(flowId);
    for (const aor of aors) {
      const remaining = (this.byAor.get(aor) ?? []).filter((binding) => binding.flow.id !== flowId);
      this.setRemaining(aor, remaining, 'flow-closed');
    }
  }

  /** Drops expired bindings; returns how many went. */
  sweep(): number {
    const now = this.now();
    let removed = 0;
    for (const [aor, bindings] of [...this.byAor]) {
      const remaining = bindings.filter((binding) => binding.expiresAt > now);
      if (remaining.length === bindings.length) continue;
      removed += bindings.length - remaining.length;
      this.relink(aor, bindings, remaining);
      this.setRemaining(aor, remaining, 'expired');
    }
    return removed;
  }

  startSweeping(intervalMs = 5_000): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), intervalMs);
    this.sweeper.unref();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  private setRemaining(aor: string, remaining: Binding[], reason: 'expired' | 'flow-closed'): void {
    if (remaining.length > 0) {
      this.byAor.set(aor, remaining);
      return;
    }
    this.byAor.delete(aor);
    this.emit('offline', aor, reason);
  }

  /** Keeps the flow -> AOR index in step when an AOR's bindings change. */
  private relink(aor: string, before: readonly Binding[], after: readonly Binding[]): void {
    for (const binding of before) {
      const index = binding.flow.reliable ? this.aorsByFlow : this.aorsByUdpSource;
      const aors = index.get(binding.flow.id);
      aors?.delete(aor);
      if (aors?.size === 0) index.delete(binding.flow.id);
    }
    for (const binding of after) {
      // UDP bindings are indexed apart: a UDP flow never closes, but it still says who sends on it.
      const index = binding.flow.reliable ? this.aorsByFlow : this.aorsByUdpSource;
      let aors = index.get(binding.flow.id);
      if (!aors) index.set(binding.flow.id, (aors = new Set()));
      aors.add(aor);
    }
  }

  /**
   * The AORs registered over this flow: who a request arriving on it comes from (an agent's WebSocket
   * or TCP connection, or the UDP address and port a phone registered from).
   */
  aorsOnFlow(flowId: string): string[] {
    const now = this.now();
    const aors = this.aorsByFlow.get(flowId) ?? this.aorsByUdpSource.get(flowId) ?? new Set<string>();
    return [...aors].filter((aor) =>
      this.lookup(aor).some((binding) => binding.flow.id === flowId && binding.expiresAt > now),
    );
  }
}
