/**
 * Where the Teams Direct Routing trunk meets the calls layer (the one place besides app.ts that knows
 * both): Teams users' numbers, from `teams.directRouting.teamsNumbers`, are reached over the trunk,
 * and INVITEs from Teams are served like calls from any trunk.
 */
import type { CallsService } from './calls/calls-service.js';
import type { TeamsTrunkLink } from './calls/teams-trunk-types.js';
import type { DirectRoutingTrunk } from './trunks/direct-routing/direct-routing-trunk.js';

/**
 * The calls layer's view of the trunk; `numbers` are whole numbers or prefixes (`+1425555`). A number
 * a REFER from Teams named goes back to Teams too, whatever it is: Microsoft routes that call.
 */
export function teamsTrunkLink(trunk: DirectRoutingTrunk, numbers: readonly string[]): TeamsTrunkLink {
  return {
    reaches: (e164) => trunk.referredTo(e164) || numbers.some((entry) => e164.startsWith(entry)),
    place: (call) => trunk.placeCall(call),
  };
}

/** INVITEs from Teams go to the calls component (while it runs; 503 otherwise). */
export function takeTeamsCalls(trunk: DirectRoutingTrunk, calls: () => CallsService | null): void {
  trunk.handleInvites((invite, name) => {
    const service = calls();
    if (service) service.acceptTrunkCall(invite, name);
    else invite.reject(503);
  });
}
