/**
 * Which Tandem agent a Microsoft account is: the agent linked to the user's object id, else to the
 * user's UPN (the link written by an administrator, `agents.teams_user_id`, holds either). The object id
 * comes first because it never changes, whereas a UPN is renamed with the person.
 */
import type { Agent, Store } from '../../store/store-types.js';
import type { VerifiedIdentity } from './identity-types.js';

export type AgentMatch =
  | { readonly kind: 'agent'; readonly agent: Agent; readonly by: 'oid' | 'upn' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'disabled'; readonly agent: Agent };

export function agentForIdentity(store: Store, identity: VerifiedIdentity): AgentMatch {
  const keys: ['oid' | 'upn', string | null][] = [
    ['oid', identity.objectId],
    ['upn', identity.userPrincipalName],
  ];
  for (const [by, key] of keys) {
    if (!key) continue;
    for (const tenant of store.tenants.list()) {
      const agent = store.agents.findByTeamsUserId(tenant.id, key);
      if (agent) return agent.enabled ? { kind: 'agent', agent, by } : { kind: 'disabled', agent };
    }
  }
  return { kind: 'unknown' };
}
