/**
 * The intervals of a historical report (15 minutes, an hour, a day), aligned on the local clock of
 * the contact center's time zone: an hour starts at hh:00 local time (in India too, at hh:30 UTC),
 * and a day at local midnight, 23 or 25 hours long on the days clocks change.
 */
import { localTime } from '../time-zone.js';

export const REPORT_INTERVALS = ['15m', '1h', '1d'] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];

const MINUTE = 60_000;
const MINUTES: Record<ReportInterval, number> = { '15m': 15, '1h': 60, '1d': 1440 };

/** Nominal length, for bounding a report's size; a local day may be an hour shorter or longer. */
export function nominalLengthMs(interval: ReportInterval): number {
  return MINUTES[interval] * MINUTE;
}

/** The start of the interval that contains `at`. */
export function intervalStart(interval: ReportInterval, timeZone: string, at: number): number {
  const local = localTime(timeZone, at);
  const minuteStart = at - (((at % MINUTE) + MINUTE) % MINUTE);
  if (interval !== '1d') return minuteStart - (local.minutes % MINUTES[interval]) * MINUTE;
  return localMidnight(timeZone, local.date, minuteStart - local.minutes * MINUTE);
}

/** The start of the interval after the one that starts at `start`. */
export function nextIntervalStart(interval: ReportInterval, timeZone: string, start: number): number {
  // A day is 23 to 25 hours long: 36 hours on lands in the next day whatever the clocks did.
  const step = interval === '1d' ? 36 * 60 * MINUTE : nominalLengthMs(interval);
  return intervalStart(interval, timeZone, start + step);
}

/**
 * The first instant of local `date`, from a guess that is off by the clock changes since midnight:
 * a guess on the day before moves forward to that day's end, a guess past midnight moves back.
 * Where midnight itself does not exist (clocks jump from 23:59 to 01:00), the day starts at 01:00.
 */
function localMidnight(timeZone: string, date: string, guess: number): number {
  let candidate = guess;
  for (let attempt = 0; attempt < 3; attempt++) {
    const local = localTime(timeZone, candidate);
    if (local.date !== date) {
      candidate += (1440 - local.minutes) * MINUTE;
      continue;
    }
    const earlier = candidate - local.minutes * MINUTE;
    if (local.minutes === 0 || localTime(timeZone, earlier).date !== date) return candidate;
    candidate = earlier;
  }
  return candidate;
}
