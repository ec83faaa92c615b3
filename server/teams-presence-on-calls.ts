/**
 * Follows the calls service's events to tell the TeamsPresenceWriter which agents are on a Tandem
 * call: an agent is on a call from the answer until the call ends, also after a transfer handed the
 * caller to them (the event's agentIds are the agents on the call at that moment). Agents without a
 * Teams account are left alone.
 */
import type { AgentCallEvent } from './calls/calls-service.js';
import type { Store } from './store/store-types.js';
import type { TeamsPresenceWriter } from './teams/graph/teams-presence-writer.js';

export type CallEventSource = {
  on(event: 'call', listener: (event: AgentCallEvent) => void): () => void;
};

export function showCallsInTeams(
  events: CallEventSource,
  writer: Pick<TeamsPresenceWriter, 'callStarted' | 'callEnded'>,
  store: () => Pick<Store, 'agents'>,
): () => void {
  /** Answered calls -> the agents on them. */
  const agentsOf = new Map<string, readonly string[]>();
  const onAnyCall = (agentId: string) => [...agentsOf.values()].some((agents) => agents.includes(agentId));

  return events.on('call', (event) => {
    const before = agentsOf.get(event.callId) ?? [];
    if (event.type === 'ended') agentsOf.delete(event.callId);
    else if (event.type === 'answered' || agentsOf.has(event.callId))
      agentsOf.set(event.callId, event.agentIds);
    const after = agentsOf.get(event.callId) ?? [];
    for (const agentId of after) {
      if (before.includes(agentId)) continue;
      const teamsUserId = store().agents.findById(agentId)?.teamsUserId;
      if (teamsUserId) writer.callStarted(agentId, teamsUserId);
    }
    for (const agentId of before) {
      if (!after.includes(agentId) && !onAnyCall(agentId)) writer.callEnded(agentId);
    }
  });
}
