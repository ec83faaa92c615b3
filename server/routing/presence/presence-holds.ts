/**
 * Several reasons to hold an agent back from offers, merged into the one pair of commands the
 * routing engine has (presenceBusy / presenceFree), so that no holder overwrites another: Teams
 * presence may say "free" while the calendar says "meeting soon", and the agent stays held.
 *
 *   const holds = new PresenceHolds((agentId, command) => engine.agentCommand(agentId, command).ok);
 *   const teams = holds.holder('teams');        // the PresenceFeeder's `send`
 *   const calendar = holds.holder('calendar');  // the calendar gate's
 *
 * The merged answer is "busy" while any holder holds the agent, with the reason of the first holder
 * created (Teams before the calendar); "free" when none does. A command reaches the engine only when
 * the merged answer changes. A holder's sink returns false when the engine refused the command (an
 * agent it does not know yet), so that the holder tries again later, as the feeder does.
 */
import type { PresenceCommand, PresenceCommandSink } from './presence-feeder.js';

const FREE = 'free';

export class PresenceHolds {
  private readonly holders: string[] = [];
  /** agentId -> holder -> reason it holds the agent back for. */
  private readonly reasons = new Map<string, Map<string, string>>();
  /** agentId -> the merged command last accepted by the engine ('free' or 'busy:<reason>'). */
  private readonly delivered = new Map<string, string>();

  constructor(private readonly send: PresenceCommandSink) {}

  /** A sink for one reason to hold agents back; names are unique. */
  holder(name: string): PresenceCommandSink {
    if (this.holders.includes(name)) throw new TypeError(`presence holder ${name} exists already`);
    this.holders.push(name);
    return (agentId, command) => this.apply(name, agentId, command);
  }

  /** The reasons an agent is held back for, by holder (for tests and the health page). */
  reasonsOf(agentId: string): Record<string, string> {
    return Object.fromEntries(this.reasons.get(agentId) ?? []);
  }

  /** Sends the merged command again (the engine re-added the agent). */
  resend(agentId: string): boolean {
    this.delivered.delete(agentId);
    return this.deliver(agentId, true);
  }

  private apply(holder: string, agentId: string, command: PresenceCommand): boolean {
    const reasons = this.reasons.get(agentId) ?? new Map<string, string>();
    if (command.type === 'presenceBusy') reasons.set(holder, command.activity);
    else reasons.delete(holder);
    if (reasons.size > 0) this.reasons.set(agentId, reasons);
    else this.reasons.delete(agentId);
    return this.deliver(agentId, false);
  }

  private merged(agentId: string): PresenceCommand {
    const reasons = this.reasons.get(agentId);
    for (const holder of this.holders) {
      const reason = reasons?.get(holder);
      if (reason !== undefined) return { type: 'presenceBusy', activity: reason };
    }
    return { type: 'presenceFree' };
  }

  private deliver(agentId: string, force: boolean): boolean {
    const command = this.merged(agentId);
    const next = command.type === 'presenceFree' ? FREE : `busy:${command.activity}`;
    // The engine starts every agent as free.
    const last = this.delivered.get(agentId) ?? (force ? undefined : FREE);
    if (next === last) return true;
    if (this.send(agentId, command) === false) return false;
    this.delivered.set(agentId, next);
    return true;
  }
}
