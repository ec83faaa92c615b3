import { describe, expect, it } from 'vitest';
import { meetingHold, meetingsOf } from './upcoming-meetings.js';

const at = (time: string) => Date.parse(`2030-01-07T${time}Z`);
const event = (id: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  id,
  start: { dateTime: `2030-01-07T${start}.0000000`, timeZone: 'UTC' },
  end: { dateTime: `2030-01-07T${end}.0000000`, timeZone: 'UTC' },
  showAs: 'busy',
  ...extra,
});

describe('meetingsOf', () => {
  it('keeps the meetings that take the agent away, sorted by start', () => {
    const meetings = meetingsOf({
      value: [
        event('late', '11:00:00', '11:30:00'),
        event('standup', '10:00:00', '10:15:00', { showAs: 'tentative' }),
        event('cancelled', '10:05:00', '10:30:00', { isCancelled: true }),
        event('declined', '10:05:00', '10:30:00', { responseStatus: { response: 'declined' } }),
        event('lunch', '12:00:00', '13:00:00', { showAs: 'free' }),
        event('holiday', '00:00:00', '23:59:00', { isAllDay: true }),
        event('elsewhere', '10:30:00', '11:00:00', {
          start: { dateTime: '2030-01-07T10:30:00', timeZone: 'Pacific Standard Time' },
        }),
        { id: 'broken', start: { dateTime: 'soon' }, end: {} },
        null,
      ],
    });
    expect(meetings.map((meeting) => meeting.id)).toEqual(['standup', 'late']);
    expect(meetings[0]).toEqual({ id: 'standup', start: at('10:00:00'), end: at('10:15:00') });
  });

  it('refuses an answer that is not a list of events', () => {
    expect(() => meetingsOf({ error: 'x' })).toThrow(TypeError);
    expect(() => meetingsOf(null)).toThrow(TypeError);
  });
});

describe('meetingHold', () => {
  const meetings = meetingsOf({
    value: [event('a', '10:00:00', '10:30:00'), event('b', '10:40:00', '11:00:00')],
  });
  const fiveMinutes = 300_000;

  it('is free, and says when the hold begins, until a meeting is an expected handle time away', () => {
    expect(meetingHold(meetings, at('09:50:00'), fiveMinutes)).toEqual({ held: false, from: at('09:55:00') });
  });

  it('holds from start minus the expected handle time until the meeting starts', () => {
    expect(meetingHold(meetings, at('09:55:00'), fiveMinutes)).toMatchObject({
      held: true,
      until: at('10:00:00'),
    });
    expect(meetingHold(meetings, at('09:59:59'), fiveMinutes)).toMatchObject({ held: true });
  });

  it('lets go when the meeting starts (presence takes over), until the next one comes near', () => {
    expect(meetingHold(meetings, at('10:00:00'), fiveMinutes)).toEqual({ held: false, from: at('10:35:00') });
    expect(meetingHold(meetings, at('10:36:00'), fiveMinutes)).toMatchObject({
      held: true,
      meeting: { id: 'b' },
    });
    expect(meetingHold(meetings, at('10:40:00'), fiveMinutes)).toEqual({ held: false, from: null });
    expect(meetingHold([], at('10:40:00'), fiveMinutes)).toEqual({ held: false, from: null });
  });
});
