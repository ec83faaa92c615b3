import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock.js';
import { contactCenter } from './routing-engine.fixture.js';

describe('routing engine: waiting limits, overflow, hours and skills expansion', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('moves a caller to the overflow queue after the maximum wait, keeping their age there', () => {
    const cc = contactCenter();
    cc.queue('support', { maxWaitMs: 60_000, overflow: { kind: 'queue', queueId: 'backup' } });
    cc.queue('backup');
    cc.agent('alice', { english: 3 });
    const queued: unknown[] = [];
    cc.engine.events.on('callQueued', (event) => queued.push(event));

    cc.call('c1', 'support');
    cc.clock.advance(30_000);
    cc.call('b1', 'backup');
    cc.clock.advance(30_000);
    expect(cc.engine.positionOf('c1', 'support')).toBeNull();
    // c1 has waited longer than b1 in all, so it goes ahead of b1 in the backup queue.
    expect(cc.engine.positionOf('c1', 'backup')).toBe(1);
    expect(queued.at(-1)).toEqual({ callId: 'c1', queueId: 'backup', position: 1, overflowFrom: 'support' });
    cc.ready('alice');
    expect(cc.delegate.offered).toEqual(['c1→alice']);
  });

  it('sends a caller to the overflow number after the maximum wait', () => {
    const cc = contactCenter();
    cc.queue('support', { maxWaitMs: 120_000, overflow: { kind: 'number', e164: '+15550199' } });
    cc.call('c1', 'support');
    cc.clock.advance(119_999);
    expect(cc.delegate.exits).toEqual([]);
    cc.clock.advance(1);
    expect(cc.delegate.exits).toEqual([
      { callId: 'c1', queueId: 'support', reason: 'max-wait', target: { kind: 'number', e164: '+15550199' } },
    ]);
    expect(cc.engine.isWaiting('c1')).toBe(false);
  });

  it('does not pull a caller away from a ringing phone at maximum wait, but right after the miss', () => {
    const cc = contactCenter();
    cc.queue('support', { maxWaitMs: 30_000, ringTimeoutMs: 20_000 });
    cc.agent('alice');
    cc.call('c1', 'support');
    cc.clock.advance(20_000);
    cc.ready('alice');
    cc.clock.advance(15_000); // max wait passes while ringing
    expect(cc.delegate.exits).toEqual([]);
    cc.clock.advance(5_000); // rings out
    expect(cc.delegate.exits.map((exit) => exit.reason)).toEqual(['max-wait']);
  });

  it('turns away a caller beyond the maximum length, to the overflow target', () => {
    const cc = contactCenter();
    cc.queue('support', { maxLength: 2, overflow: { kind: 'number', e164: '+15550199' } });
    cc.call('c1', 'support');
    cc.call('c2', 'support');
    expect(cc.call('c3', 'support')).toEqual({
      outcome: 'exit',
      exit: {
        callId: 'c3',
        queueId: 'support',
        reason: 'max-length',
        target: { kind: 'number', e164: '+15550199' },
      },
    });
    expect(cc.engine.isWaiting('c3')).toBe(false);
  });

  it('follows a full queue to the queue it overflows to, and ends a loop of full queues', () => {
    const cc = contactCenter();
    cc.queue('a', { maxLength: 1, overflow: { kind: 'queue', queueId: 'b' } });
    cc.queue('b', { maxLength: 1, overflow: { kind: 'queue', queueId: 'a' } });
    cc.call('c1', 'a');
    expect(cc.call('c2', 'a')).toEqual({ outcome: 'queued', positions: { b: 1 } });
    expect(cc.call('c3', 'a')).toMatchObject({
      outcome: 'exit',
      exit: { reason: 'max-length', target: null },
    });
  });

  it('turns callers away when the queue is closed, to its closed target', () => {
    const cc = contactCenter();
    // The manual clock starts on Monday 5 January 2026 at 09:00 UTC.
    cc.queue('support', {
      businessHours: { timeZone: 'America/New_York', weekly: { mon: [{ from: '09:00', to: '17:00' }] } },
      closedTarget: { kind: 'number', e164: '+15550150' },
    });
    expect(cc.call('c1', 'support')).toMatchObject({
      outcome: 'exit',
      exit: { reason: 'closed', target: { kind: 'number', e164: '+15550150' } },
    });
    cc.clock.advance(5 * 3_600_000); // 09:00 in New York
    expect(cc.call('c2', 'support')).toEqual({ outcome: 'queued', positions: { support: 1 } });
  });

  it('widens the skills asked as the caller waits (fake timers on the wall clock)', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 5, 14) });
    const cc = contactCenter({}, systemClock);
    cc.queue('support', {
      requiredSkills: [{ skill: 'english', minLevel: 4 }],
      skillsExpansion: [
        { afterMs: 30_000, requiredSkills: [{ skill: 'english', minLevel: 2 }] },
        { afterMs: 90_000, requiredSkills: [{ skill: 'english', minLevel: 1 }] },
      ],
    });
    cc.agent('junior', { english: 1 });
    cc.agent('middle', { english: 3 });
    cc.ready('junior');
    cc.ready('middle');
    cc.call('c1', 'support');
    cc.call('c2', 'support');
    expect(cc.delegate.offered).toEqual([]);
    vi.advanceTimersByTime(29_999);
    expect(cc.delegate.offered).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(cc.delegate.offered).toEqual(['c1→middle']);
    cc.accept('middle', 'c1');
    vi.advanceTimersByTime(59_999);
    expect(cc.delegate.offered).toEqual(['c1→middle']);
    vi.advanceTimersByTime(1);
    expect(cc.delegate.offered).toEqual(['c1→middle', 'c2→junior']);
    cc.engine.close();
  });

  it('adds a caller’s own skills to the queue’s, without widening them', () => {
    const cc = contactCenter();
    cc.queue('support', { skillsExpansion: [] });
    cc.agent('anglo', { english: 5 });
    cc.agent('franco', { english: 3, french: 3 });
    cc.ready('anglo');
    cc.clock.advance(1_000);
    cc.ready('franco');
    cc.engine.enqueue({
      callId: 'c1',
      tenantId: 'demo',
      queueIds: ['support'],
      callerNumber: '+33100000000',
      extraSkills: [{ skill: 'french', minLevel: 2 }],
    });
    expect(cc.delegate.offered).toEqual(['c1→franco']);
  });

  it('refuses unknown queues, other tenants’ queues, duplicate calls and empty requests', () => {
    const cc = contactCenter();
    cc.queue('support');
    const enqueue = (callId: string, queueIds: string[], tenantId = 'demo') =>
      cc.engine.enqueue({ callId, tenantId, queueIds, callerNumber: '+15550001' });
    const code = (result: ReturnType<typeof enqueue>) => (result.ok ? null : result.error.code);
    expect(code(enqueue('c1', ['nope']))).toBe('unknown-queue');
    expect(code(enqueue('c1', ['support'], 'other'))).toBe('tenant-mismatch');
    expect(code(enqueue('c1', []))).toBe('no-queue');
    expect(code(enqueue('c1', ['support']))).toBeNull();
    expect(code(enqueue('c1', ['support']))).toBe('duplicate-call');
  });
});
