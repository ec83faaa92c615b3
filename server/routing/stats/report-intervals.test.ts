import { describe, expect, it } from 'vitest';
import { intervalStart, nextIntervalStart, type ReportInterval } from './report-intervals.js';

const iso = (at: number) => new Date(at).toISOString();
const utc = (text: string) => Date.parse(text);

/** Every interval start from the one holding `from` until `to`, as ISO strings. */
function starts(interval: ReportInterval, zone: string, from: string, to: string): string[] {
  const out: string[] = [];
  for (let at = intervalStart(interval, zone, utc(from)); at < utc(to);) {
    out.push(iso(at));
    at = nextIntervalStart(interval, zone, at);
  }
  return out;
}

describe('report intervals on the local clock', () => {
  it('cuts UTC into quarters of an hour, hours and days', () => {
    const at = utc('2026-01-05T09:44:59.999Z');
    expect(iso(intervalStart('15m', 'UTC', at))).toBe('2026-01-05T09:30:00.000Z');
    expect(iso(intervalStart('1h', 'UTC', at))).toBe('2026-01-05T09:00:00.000Z');
    expect(iso(intervalStart('1d', 'UTC', at))).toBe('2026-01-05T00:00:00.000Z');
    expect(iso(intervalStart('15m', 'UTC', utc('2026-01-05T09:45:00.000Z')))).toBe(
      '2026-01-05T09:45:00.000Z',
    );
  });

  it('starts hours at hh:00 local time in a half-hour time zone', () => {
    // India is UTC+5:30: 15:10 local is 09:40 UTC.
    expect(iso(intervalStart('1h', 'Asia/Kolkata', utc('2026-01-05T09:40:00Z')))).toBe(
      '2026-01-05T09:30:00.000Z',
    );
    expect(iso(intervalStart('1d', 'Asia/Kolkata', utc('2026-01-05T09:40:00Z')))).toBe(
      '2026-01-04T18:30:00.000Z',
    );
  });

  it('has days of 23 and 25 hours when the clocks change', () => {
    // Paris: summer time from 29 March 2026 (02:00 -> 03:00), winter time from 25 October (03:00 -> 02:00).
    expect(starts('1d', 'Europe/Paris', '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z')).toEqual([
      '2026-03-27T23:00:00.000Z',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
    expect(starts('1d', 'Europe/Paris', '2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z')).toEqual([
      '2026-10-23T22:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ]);
    expect(iso(intervalStart('1d', 'Europe/Paris', utc('2026-03-29T20:00:00Z')))).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(iso(intervalStart('1d', 'Europe/Paris', utc('2026-10-25T20:00:00Z')))).toBe(
      '2026-10-24T22:00:00.000Z',
    );
  });

  it('keeps both hours 02:00-03:00 of the night clocks go back, one hour each', () => {
    expect(starts('1h', 'Europe/Paris', '2026-10-24T23:00:00Z', '2026-10-25T03:00:00Z')).toEqual([
      '2026-10-24T23:00:00.000Z', // 01:00 summer time
      '2026-10-25T00:00:00.000Z', // 02:00 summer time
      '2026-10-25T01:00:00.000Z', // 02:00 winter time
      '2026-10-25T02:00:00.000Z', // 03:00
    ]);
  });
});
