/**
 * The Teams presence gate: given what Teams last said about an agent and the time, whether the
 * agent may be offered calls, and if not, why (the reason becomes the engine's
 * `presence:<reason>` in whyNotOffered and what the agent's client shows).
 *
 * Order of the checks: no presence at all, then stale, then Teams' own PresenceUnknown, then the
 * busy lists. A stale InAMeeting is stale first: the meeting may well be over.
 */
import type { TeamsPresence } from './presence-source-types.js';
import {
  presenceGateOptions,
  type PresenceFallback,
  type PresenceGateOptions,
} from './presence-gate-options.js';

/** Reasons of the gate's own, next to Teams' activities and availabilities. */
export const PresenceHoldReason = {
  /** Presence is older than staleAfter and the stale policy holds agents back. */
  Stale: 'PresenceStale',
  /** Presence was never obtained (or Teams says PresenceUnknown) and the unknown policy holds back. */
  Unknown: 'PresenceUnknown',
} as const;

export type GateDecision =
  | { readonly offer: true; readonly basis: 'free' | 'stale' | 'unknown' }
  | { readonly offer: false; readonly reason: string };

export class PresenceGate {
  readonly options: PresenceGateOptions;
  private readonly busyActivities: ReadonlyMap<string, string>;
  private readonly busyAvailabilities: ReadonlyMap<string, string>;

  constructor(options: Partial<PresenceGateOptions> = {}) {
    this.options = presenceGateOptions(options);
    this.busyActivities = byLowerCase(this.options.busyActivities);
    this.busyAvailabilities = byLowerCase(this.options.busyAvailabilities);
  }

  decide(presence: TeamsPresence | undefined, now: number): GateDecision {
    if (!presence) return fallback(this.options.whenUnknown, 'unknown', PresenceHoldReason.Unknown);
    if (this.isStale(presence, now))
      return fallback(this.options.whenStale, 'stale', PresenceHoldReason.Stale);
    if (presence.availability === 'PresenceUnknown' && presence.activity === 'PresenceUnknown') {
      return fallback(this.options.whenUnknown, 'unknown', PresenceHoldReason.Unknown);
    }
    const activity = this.busyActivities.get(presence.activity.toLowerCase());
    if (activity) return { offer: false, reason: presence.activity };
    const availability = this.busyAvailabilities.get(presence.availability.toLowerCase());
    if (availability) return { offer: false, reason: presence.availability };
    return { offer: true, basis: 'free' };
  }

  isStale(presence: TeamsPresence, now: number): boolean {
    return now - presence.observedAt > this.options.staleAfterMs;
  }

  /** When this presence turns stale (the feeder re-checks then). */
  staleAt(presence: TeamsPresence): number {
    return presence.observedAt + this.options.staleAfterMs + 1;
  }
}

function fallback(policy: PresenceFallback, basis: 'stale' | 'unknown', reason: string): GateDecision {
  return policy === 'offer' ? { offer: true, basis } : { offer: false, reason };
}

function byLowerCase(names: readonly string[]): ReadonlyMap<string, string> {
  return new Map(names.map((name) => [name.toLowerCase(), name]));
}
