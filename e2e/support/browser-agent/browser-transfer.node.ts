/**
 * Transfers by browser agents, driven from Node: SIP.js sends the REFER (blind, or attended with Replaces)
 * and the page keeps the REFER's answer and each NOTIFY's sipfrag status.
 *
 *   await blindTransfer(alice, call, '1002');                 // REFER accepted (202), or throws
 *   await attendedTransfer(alice, customerCall, consultCall); // REFER w/ Replaces accepted, or throws
 *   await transferOutcome(alice, call);                       // the final NOTIFY's status, e.g. 200
 *
 * Every wait is bounded and says what it saw when it gives up.
 */
import type { BrowserAgent } from './browser-agent.node.js';
import type { BrowserCall } from './browser-call.node.js';
import type { TransferProgress } from './browser-transfer-types.js';
import { waitUntil } from './wait-until.node.js';

function accepted(agent: BrowserAgent, what: string, progress: TransferProgress): TransferProgress {
  if (progress.referStatus !== 202) {
    throw new Error(`${agent.username}: ${what} REFER answered ${String(progress.referStatus)}, not 202`);
  }
  return progress;
}

/** REFER with Refer-To `target` (an extension, a number, or a SIP URI); resolves once it is accepted. */
export async function blindTransfer(
  agent: BrowserAgent,
  call: BrowserCall,
  target: string,
  domain = 'tandem.local',
): Promise<TransferProgress> {
  const uri = target.includes(':') ? target : `sip:${target}@${domain}`;
  const progress = await agent.page.evaluate(([id, referTo]) => window.tandemTransfer!.blind(id, referTo), [
    call.id,
    uri,
  ] as const);
  return accepted(agent, 'blind', progress);
}

/** REFER on `call` naming `consult` in Replaces (SIP.js `session.refer(consultSession)`). */
export async function attendedTransfer(
  agent: BrowserAgent,
  call: BrowserCall,
  consult: BrowserCall,
): Promise<TransferProgress> {
  const progress = await agent.page.evaluate(
    ([id, consultId]) => window.tandemTransfer!.attended(id, consultId),
    [call.id, consult.id] as const,
  );
  return accepted(agent, 'attended', progress);
}

/** The Refer-To the last REFER of `call` carried, as SIP.js sent it. */
export function lastReferTo(agent: BrowserAgent, call: BrowserCall): Promise<string | undefined> {
  return agent.page.evaluate((id) => window.tandemTransfer!.lastReferTo(id), call.id);
}

/** Waits for a final NOTIFY (a status of 200 or more) and returns its status. */
export async function transferOutcome(
  agent: BrowserAgent,
  call: BrowserCall,
  timeoutMs = 10_000,
): Promise<number> {
  const progress = await waitUntil(
    () => agent.page.evaluate((id) => window.tandemTransfer!.progress(id), call.id),
    (current) => current.notified.some((status) => status >= 200),
    {
      timeoutMs,
      awaiting: `${agent.username}: a final NOTIFY for the transfer of ${call.id}`,
      describe: (current) => JSON.stringify(current),
    },
  );
  return progress.notified.find((status) => status >= 200)!;
}
