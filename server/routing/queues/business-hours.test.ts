import { describe, expect, it } from 'vitest';
import { businessHoursSchema, isOpen, type BusinessHours } from './business-hours.js';

const at = (iso: string) => Date.parse(iso);
const nineToFive = [{ from: '09:00', to: '17:00' }];
const weekdays = (ranges: { from: string; to: string }[]) => ({
  mon: ranges,
  tue: ranges,
  wed: ranges,
  thu: ranges,
  fri: ranges,
});

function hours(input: unknown): BusinessHours {
  return businessHoursSchema.parse(input);
}

describe('business hours', () => {
  it('is always open without hours', () => {
    expect(isOpen(null, at('2026-12-25T03:00:00Z'))).toBe(true);
  });

  describe('New York, 09:00-17:00 on weekdays, across both daylight-saving changes', () => {
    const newYork = hours({ timeZone: 'America/New_York', weekly: weekdays(nineToFive) });

    it('opens at 09:00 EST (14:00 UTC) before the spring change', () => {
      expect(isOpen(newYork, at('2026-03-06T13:59:00Z'))).toBe(false);
      expect(isOpen(newYork, at('2026-03-06T14:00:00Z'))).toBe(true);
    });

    it('opens at 09:00 EDT (13:00 UTC) the Monday after clocks went forward on 8 March', () => {
      expect(isOpen(newYork, at('2026-03-09T12:59:00Z'))).toBe(false);
      expect(isOpen(newYork, at('2026-03-09T13:00:00Z'))).toBe(true);
      expect(isOpen(newYork, at('2026-03-09T20:59:59Z'))).toBe(true);
      expect(isOpen(newYork, at('2026-03-09T21:00:00Z'))).toBe(false);
    });

    it('opens at 09:00 EST (14:00 UTC) again after clocks went back on 1 November', () => {
      expect(isOpen(newYork, at('2026-11-02T13:30:00Z'))).toBe(false);
      expect(isOpen(newYork, at('2026-11-02T14:00:00Z'))).toBe(true);
    });

    it('is closed at the weekend', () => {
      expect(isOpen(newYork, at('2026-03-07T15:00:00Z'))).toBe(false);
      expect(isOpen(newYork, at('2026-03-08T15:00:00Z'))).toBe(false);
    });
  });

  it('follows Sydney’s autumn change (southern hemisphere): 09:00 is 22:00 UTC, then 23:00 UTC', () => {
    const sydney = hours({ timeZone: 'Australia/Sydney', weekly: weekdays(nineToFive) });
    // Friday 3 April 2026, still AEDT (UTC+11).
    expect(isOpen(sydney, at('2026-04-02T21:59:00Z'))).toBe(false);
    expect(isOpen(sydney, at('2026-04-02T22:00:00Z'))).toBe(true);
    // Monday 6 April 2026, AEST (UTC+10) since Sunday.
    expect(isOpen(sydney, at('2026-04-05T22:30:00Z'))).toBe(false);
    expect(isOpen(sydney, at('2026-04-05T23:00:00Z'))).toBe(true);
  });

  it('handles a half-hour offset (Kolkata, UTC+05:30)', () => {
    const kolkata = hours({ timeZone: 'Asia/Kolkata', weekly: weekdays(nineToFive) });
    expect(isOpen(kolkata, at('2026-01-05T03:29:00Z'))).toBe(false);
    expect(isOpen(kolkata, at('2026-01-05T03:30:00Z'))).toBe(true);
  });

  it('runs an overnight range into the next day, on local time through the night clocks go forward', () => {
    // Saturday 22:00 to Sunday 06:00 in London; BST starts at 01:00 UTC on Sunday 29 March 2026.
    const london = hours({ timeZone: 'Europe/London', weekly: { sat: [{ from: '22:00', to: '06:00' }] } });
    expect(isOpen(london, at('2026-03-28T21:59:00Z'))).toBe(false);
    expect(isOpen(london, at('2026-03-28T22:00:00Z'))).toBe(true);
    expect(isOpen(london, at('2026-03-29T04:59:00Z'))).toBe(true); // 05:59 BST
    expect(isOpen(london, at('2026-03-29T05:00:00Z'))).toBe(false); // 06:00 BST
  });

  it('closes on a holiday by the queue’s local date, not the UTC date', () => {
    const everyDay = [{ from: '00:00', to: '24:00' }];
    const tokyo = hours({
      timeZone: 'Asia/Tokyo',
      weekly: { ...weekdays(everyDay), sat: everyDay, sun: everyDay },
      holidays: [{ date: '2026-01-01', name: 'New Year' }],
    });
    expect(isOpen(tokyo, at('2025-12-31T14:59:00Z'))).toBe(true); // 23:59 on 31 December in Tokyo
    expect(isOpen(tokyo, at('2025-12-31T15:00:00Z'))).toBe(false); // midnight: 1 January in Tokyo
    expect(isOpen(tokyo, at('2026-01-01T15:00:00Z'))).toBe(true); // 2 January in Tokyo
  });

  it('uses a holiday’s special hours instead of the weekday’s', () => {
    const newYork = hours({
      timeZone: 'America/New_York',
      weekly: weekdays(nineToFive),
      holidays: [
        { date: '2026-12-24', name: 'Christmas Eve', hours: [{ from: '09:00', to: '12:00' }] },
        { date: '2026-12-25', name: 'Christmas' },
      ],
    });
    expect(isOpen(newYork, at('2026-12-24T15:00:00Z'))).toBe(true); // 10:00
    expect(isOpen(newYork, at('2026-12-24T18:00:00Z'))).toBe(false); // 13:00
    expect(isOpen(newYork, at('2026-12-25T15:00:00Z'))).toBe(false);
  });

  it('lets an overnight range finish on a holiday morning (it belongs to the day it started)', () => {
    const shifts = hours({
      timeZone: 'Europe/Paris',
      weekly: { thu: [{ from: '22:00', to: '06:00' }] },
      holidays: [{ date: '2026-12-25' }],
    });
    expect(isOpen(shifts, at('2026-12-25T02:00:00Z'))).toBe(true); // Friday 03:00 in Paris
  });

  it('ends a day at 24:00', () => {
    const evening = hours({ timeZone: 'UTC', weekly: { mon: [{ from: '18:00', to: '24:00' }] } });
    expect(isOpen(evening, at('2026-01-05T23:59:00Z'))).toBe(true);
    expect(isOpen(evening, at('2026-01-06T00:00:00Z'))).toBe(false);
  });

  it('refuses unknown time zones and impossible times', () => {
    expect(businessHoursSchema.safeParse({ timeZone: 'Mars/Olympus', weekly: {} }).success).toBe(false);
    expect(
      businessHoursSchema.safeParse({ timeZone: 'UTC', weekly: { mon: [{ from: '25:00', to: '26:00' }] } })
        .success,
    ).toBe(false);
    expect(
      businessHoursSchema.safeParse({ timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '09:00' }] } })
        .success,
    ).toBe(false);
    expect(businessHoursSchema.safeParse({ timeZone: 'UTC', weekly: { funday: [] } }).success).toBe(false);
    expect(
      businessHoursSchema.safeParse({ timeZone: 'UTC', holidays: [{ date: '2026-13-01' }] }).success,
    ).toBe(false);
  });
});
