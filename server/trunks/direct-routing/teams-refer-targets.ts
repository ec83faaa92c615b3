/**
 * Transfers started in Teams. Microsoft's "Direct Routing SIP protocol" page: when a Teams user
 * transfers a call, Teams sends a REFER to the SBC whose Refer-To points back at Microsoft's proxy
 * with `x-m` (the transfer's token) and `x-t` (the tenant) parameters; the SBC places the new call and
 * its INVITE must carry the Refer-To's parameters unchanged, or Teams cannot match it to the transfer.
 *
 * The calls layer runs the transfer as any REFER from a callee (blind-transfer.ts) and asks for the
 * number; this remembers, per number, the parameters of the latest such REFER until the call toward
 * it is placed (or they expire), so that the INVITE goes back to Teams with them.
 */
import { isSipUri, type SipRequest } from '../../sip/message/index.js';
import { toE164 } from '../../teams/direct-routing/trunk-profile.js';

/** A REFER's target is placed within seconds; older entries are stale. */
const KEEP_MS = 32_000;

export class TeamsReferTargets {
  private readonly pending = new Map<string, { params: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes a REFER from Teams whose Refer-To names a number and carries x-m / x-t. */
  remember(request: SipRequest): void {
    if (request.method !== 'REFER') return;
    const uri = request.referTo?.uri;
    if (!uri || !isSipUri(uri) || !uri.user) return;
    let number: string;
    try {
      number = toE164(decodeURIComponent(uri.user.split(';')[0]!));
    } catch {
      return;
    }
    const kept: string[] = [];
    for (const [name, value] of uri.params) {
      if (/^x-[mt]$/i.test(name))
        kept.push(value === null || value === '' ? `;${name}` : `;${name}=${value}`);
    }
    if (kept.length === 0) return;
    this.sweep();
    this.pending.set(number, { params: kept.join(''), until: this.now() + KEEP_MS });
  }

  /** Whether a REFER from Teams asked for a call to `number` (not yet placed). */
  has(number: string): boolean {
    this.sweep();
    return this.pending.has(number);
  }

  /** The Refer-To parameters for `number` (`;x-m=...;x-t=...`), once; '' when none. */
  take(number: string): string {
    this.sweep();
    const entry = this.pending.get(number);
    this.pending.delete(number);
    return entry?.params ?? '';
  }

  private sweep(): void {
    const now = this.now();
    for (const [number, entry] of this.pending) if (entry.until <= now) this.pending.delete(number);
  }
}
