/**
 * Agent selection as pure functions over an immutable snapshot (STYLE.md "Flows are data"): the
 * engine gathers the agents who may take the call right now, a strategy ranks them. Strategies keep
 * no state; round robin's cursor is passed in and kept by the engine.
 */
import type { SkillRequirement, SkillSet } from '../skills.js';

/** An agent who may take the call now (Available, free in Teams, skilled enough, not excluded). */
export interface AgentCandidate {
  readonly agentId: string;
  /** Since when the agent has waited for a call. */
  readonly idleSince: number;
  readonly talkTimeTodayMs: number;
  readonly callsToday: number;
  readonly skills: SkillSet;
}

export interface CallForSelection {
  readonly callId: string;
  readonly priority: number;
  readonly waitedMs: number;
  /** The requirements in force now (after skills expansion), the caller's own included. */
  readonly requirements: readonly SkillRequirement[];
}

export interface SelectionInput {
  readonly call: CallForSelection;
  /** Never empty when a strategy is called. */
  readonly candidates: readonly AgentCandidate[];
  /** Round robin: the agent this queue offered a call to last. */
  readonly lastOfferedAgentId: string | null;
}

export type Selection =
  | { readonly kind: 'none' }
  | { readonly kind: 'one'; readonly agentId: string }
  /** Ring every one of them; the first to answer wins. */
  | { readonly kind: 'all'; readonly agentIds: readonly string[] };

export type SelectionStrategy = (input: SelectionInput) => Selection;
