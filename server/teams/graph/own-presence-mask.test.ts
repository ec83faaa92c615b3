import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  PresenceListener,
  PresenceSource,
  TeamsPresence,
} from '../../routing/presence/presence-source-types.js';
import { OwnPresenceMask } from './own-presence-mask.js';

/** A source the test pushes presences through. */
function handSource() {
  const listeners = new Set<PresenceListener>();
  const latest: TeamsPresence[] = [];
  const source: PresenceSource = {
    watch: () => {},
    subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    snapshot: () => latest,
    health: () => ({
      state: 'ok',
      lastSuccessAt: null,
      lastError: null,
      consecutiveFailures: 0,
      nextAttemptAt: null,
      watched: 0,
    }),
    close: () => listeners.clear(),
  };
  const push = (availability: string, activity: string) => {
    const presence = { teamsUserId: 'Alice@Contoso.example', availability, activity, observedAt: Date.now() };
    latest.splice(0, latest.length, presence);
    for (const listener of listeners) listener({ presences: [presence] });
  };
  return { source, push };
}

const OURS = { availability: 'Busy', activity: 'InACall' };

describe('OwnPresenceMask', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function masked() {
    const { source, push } = handSource();
    const mask = new OwnPresenceMask(source, 30_000);
    const seen: string[] = [];
    mask.subscribe(({ presences }) => seen.push(...presences.map((p) => `${p.availability}/${p.activity}`)));
    return { mask, push, seen };
  }

  it('passes the presence we set on as Available, and anything else unchanged', () => {
    const { mask, push, seen } = masked();
    mask.mark('alice@contoso.example', OURS);
    push('Busy', 'InACall');
    push('Busy', 'InAMeeting');
    push('DoNotDisturb', 'Presenting');
    expect(seen).toEqual(['Available/Available', 'Busy/InAMeeting', 'DoNotDisturb/Presenting']);
    expect(mask.snapshot()[0]).toMatchObject({ availability: 'DoNotDisturb' });
  });

  it('after the call, keeps masking our InACall until Graph shows something else, then lets a real one through', () => {
    const { mask, push, seen } = masked();
    mask.mark('alice@contoso.example', OURS);
    push('Busy', 'InACall');
    mask.unmark('alice@contoso.example');
    push('Busy', 'InACall'); // Graph still shows our session for a moment
    push('Available', 'Available'); // gone
    push('Busy', 'InACall'); // a Teams call of her own
    expect(seen).toEqual([
      'Available/Available',
      'Available/Available',
      'Available/Available',
      'Busy/InACall',
    ]);
  });

  it('passes the real presence on again when the settle time is over', () => {
    const { mask, push, seen } = masked();
    mask.mark('alice@contoso.example', OURS);
    push('Busy', 'InACall');
    mask.unmark('alice@contoso.example');
    vi.advanceTimersByTime(30_000);
    expect(seen).toEqual(['Available/Available', 'Busy/InACall']);
    mask.close();
  });
});
