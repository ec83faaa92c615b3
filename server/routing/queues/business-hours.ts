/**
 * Opening hours of a queue: a weekly schedule in the queue's own IANA time zone, and holidays that
 * close a local date or give it special hours. Local wall-clock time comes from Intl, so a queue
 * open 09:00-17:00 in New York stays open 09:00-17:00 across daylight-saving changes without any
 * table of offsets of our own.
 *
 * A range whose end is not after its start runs overnight: `22:00-06:00` on Friday covers Friday
 * 22:00 to Saturday 06:00, and belongs to Friday (a holiday on Saturday does not cut it short).
 */
import { z } from 'zod';
import { isTimeZone, localTime, WEEKDAYS, type Weekday } from '../time-zone.js';

const clockTime = z.string().regex(/^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/, {
  error: 'expected a time like "09:00" (24:00 ends a day)',
});

export const timeRangeSchema = z
  .strictObject({ from: clockTime, to: clockTime })
  .refine((range) => range.from !== range.to, { error: 'expected "from" and "to" to differ' })
  .refine((range) => range.from !== '24:00', { error: 'a range cannot start at 24:00' });

const localDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
  error: 'expected a date like "2026-12-25"',
});

export const holidaySchema = z.strictObject({
  date: localDate,
  name: z.string().default(''),
  /** Special hours that day; none means closed all day. */
  hours: z.array(timeRangeSchema).default([]),
});

function ranges() {
  return z.array(timeRangeSchema).default([]);
}

export const businessHoursSchema = z.strictObject({
  timeZone: z.string().refine(isTimeZone, { error: 'expected an IANA time zone like "America/New_York"' }),
  weekly: z
    .strictObject({
      sun: ranges(),
      mon: ranges(),
      tue: ranges(),
      wed: ranges(),
      thu: ranges(),
      fri: ranges(),
      sat: ranges(),
    })
    .prefault({}),
  holidays: z.array(holidaySchema).default([]),
});

export type TimeRange = z.infer<typeof timeRangeSchema>;
export type BusinessHours = z.infer<typeof businessHoursSchema>;

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function previousDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

function previousWeekday(weekday: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(weekday) + 6) % 7]!;
}

/** The ranges that start on a local date: the holiday's when there is one, else the weekday's. */
function rangesOn(hours: BusinessHours, date: string, weekday: Weekday): readonly TimeRange[] {
  const holiday = hours.holidays.find((candidate) => candidate.date === date);
  return holiday ? holiday.hours : hours.weekly[weekday];
}

/** Whether the queue is open at an instant; null hours mean always open. */
export function isOpen(hours: BusinessHours | null, at: number): boolean {
  if (!hours) return true;
  const local = localTime(hours.timeZone, at);
  for (const range of rangesOn(hours, local.date, local.weekday)) {
    const from = minutesOf(range.from);
    const to = minutesOf(range.to);
    if (from < to ? local.minutes >= from && local.minutes < to : local.minutes >= from) return true;
  }
  for (const range of rangesOn(hours, previousDate(local.date), previousWeekday(local.weekday))) {
    const from = minutesOf(range.from);
    const to = minutesOf(range.to);
    if (to <= from && local.minutes < to) return true;
  }
  return false;
}
