import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TeamsPresenceWriter } from './teams-presence-writer.js';

const ALICE = '00000000-0000-4000-8000-0000000a11ce';

function writer(options: { fail?: () => boolean } = {}) {
  const requests: string[] = [];
  const shown: string[] = [];
  const presenceWriter = new TeamsPresenceWriter({
    api: {
      get: async (path: string) => {
        requests.push(`GET ${path}`);
        return { id: ALICE };
      },
      post: async (path: string, body: unknown) => {
        const { activity } = body as { activity?: string };
        requests.push(`POST ${path.split('/').at(-1)}${activity ? ` ${activity}` : ''}`);
        if (options.fail?.()) throw new Error('Graph answered 503');
        return null;
      },
    },
    sessionId: 'app-id',
    shown: { availability: 'Busy', activity: 'InACall' },
    expirationMs: 60 * 60_000,
    onShown: (user, presence) => shown.push(`${user}:${presence ? presence.activity : 'cleared'}`),
    random: () => 0,
  });
  return { presenceWriter, requests, shown };
}

describe('TeamsPresenceWriter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sets, renews before expiry, and clears, in order, looking a UPN up once', async () => {
    const { presenceWriter, requests, shown } = writer();
    presenceWriter.callStarted('alice', 'alice@contoso.example');
    presenceWriter.callStarted('alice', 'alice@contoso.example');
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(48 * 60_000);
    presenceWriter.callEnded('alice');
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toEqual([
      'GET /users/alice%40contoso.example?$select=id',
      'POST setPresence InACall',
      'POST setPresence InACall',
      'POST clearPresence',
    ]);
    expect(shown).toEqual([
      'alice@contoso.example:InACall',
      'alice@contoso.example:InACall',
      'alice@contoso.example:cleared',
    ]);
    expect(presenceWriter.isShown('alice')).toBe(false);
  });

  it('a call that ends before setPresence answered is cleared right after', async () => {
    const { presenceWriter, requests } = writer();
    presenceWriter.callStarted('alice', ALICE);
    presenceWriter.callEnded('alice');
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toEqual(['POST setPresence InACall', 'POST clearPresence']);
  });

  it('tries a failed request three times at most, then leaves it', async () => {
    const { presenceWriter, requests } = writer({ fail: () => true });
    presenceWriter.callStarted('alice', ALICE);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toEqual([
      'POST setPresence InACall',
      'POST setPresence InACall',
      'POST setPresence InACall',
    ]);
    presenceWriter.callEnded('alice');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests.filter((request) => request.includes('clearPresence'))).toHaveLength(3);
    await presenceWriter.close();
  });

  it('refuses a session expiry Graph does not allow', () => {
    const api = { get: async () => null, post: async () => null };
    const shown = { availability: 'Busy', activity: 'InACall' };
    expect(() => new TeamsPresenceWriter({ api, sessionId: 'x', shown, expirationMs: 60_000 })).toThrow(
      TypeError,
    );
  });
});
