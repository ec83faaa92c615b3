import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CalendarGate } from './calendar-gate.js';

const MINUTE = 60_000;
const T0 = Date.parse('2030-01-07T09:00:00Z');

/** A calendarView answer in Graph's shape, for meetings given in minutes after T0. */
function calendar(meetings: readonly [start: number, end: number][]) {
  const utc = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString().replace('Z', '0000');
  return {
    value: meetings.map(([start, end], index) => ({
      id: `m${index}`,
      start: { dateTime: utc(start), timeZone: 'UTC' },
      end: { dateTime: utc(end), timeZone: 'UTC' },
      showAs: 'busy',
    })),
  };
}

describe('CalendarGate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  function gate(answer: () => unknown) {
    const sent: string[] = [];
    const paths: string[] = [];
    const calendarGate = new CalendarGate({
      api: {
        get: async (path: string) => {
          paths.push(path);
          return answer();
        },
      },
      expectedHandleMs: 5 * MINUTE,
      refreshMs: 2 * MINUTE,
      send: (agentId, hold) => void sent.push(`${agentId}:${hold?.reason ?? 'free'}`),
    });
    return { calendarGate, sent, paths };
  }

  it('holds an agent from five minutes before her meeting until it starts, on time', async () => {
    const { calendarGate, sent, paths } = gate(() => calendar([[10, 40]]));
    await calendarGate.setAgents([
      { agentId: 'alice', teamsUserId: 'alice@contoso.example' },
      { agentId: 'carol', teamsUserId: null },
    ]);
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatch(
      /^\/users\/alice%40contoso\.example\/calendarView\?startDateTime=2030-01-07T09:00:00\.000Z&endDateTime=2030-01-07T09:08:00\.000Z&/,
    );
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(5 * MINUTE - 1);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['alice:MeetingSoon']);
    expect(calendarGate.view('alice').held).toBe('MeetingSoon');
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(sent).toEqual(['alice:MeetingSoon', 'alice:free']);
    calendarGate.close();
  });

  it('frees the agent when the meeting is cancelled, learnt at the next refresh', async () => {
    let meetings: [number, number][] = [[3, 30]];
    const { calendarGate, sent } = gate(() => calendar(meetings));
    await calendarGate.setAgents([{ agentId: 'alice', teamsUserId: 'alice' }]);
    expect(sent).toEqual(['alice:MeetingSoon']);
    meetings = [];
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(sent).toEqual(['alice:MeetingSoon', 'alice:free']);
    calendarGate.close();
  });

  it('keeps what it knew when Graph fails, and frees held agents when closed', async () => {
    let fail = false;
    const { calendarGate, sent } = gate(() => {
      if (fail) throw new Error('Graph answered 503');
      return calendar([[4, 30]]);
    });
    await calendarGate.setAgents([{ agentId: 'alice', teamsUserId: 'alice' }]);
    fail = true;
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(calendarGate.view('alice').held).toBe('MeetingSoon');
    expect(sent).toEqual(['alice:MeetingSoon']);
    calendarGate.close();
    expect(sent).toEqual(['alice:MeetingSoon', 'alice:free']);
  });

  it('sends again a hold routing refused, at the next refresh', async () => {
    const sent: string[] = [];
    let known = false;
    const calendarGate = new CalendarGate({
      api: { get: async () => calendar([[4, 30]]) },
      expectedHandleMs: 5 * MINUTE,
      refreshMs: 2 * MINUTE,
      send: (agentId, hold) => {
        if (!known) return false;
        sent.push(`${agentId}:${hold?.reason ?? 'free'}`);
        return true;
      },
    });
    await calendarGate.setAgents([{ agentId: 'alice', teamsUserId: 'alice' }]);
    expect(sent).toEqual([]);
    known = true;
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(sent).toEqual(['alice:MeetingSoon']);
    calendarGate.close();
  });

  it('refuses impossible options', () => {
    const api = { get: async () => ({ value: [] }) };
    expect(() => new CalendarGate({ api, expectedHandleMs: 0, refreshMs: 1, send: () => true })).toThrow(
      TypeError,
    );
  });
});
