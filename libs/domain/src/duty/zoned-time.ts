/**
 * Wall-clock arithmetic in an IANA time zone, with nothing but `Intl` (Node and the browsers
 * ship the full ICU time-zone database). All schedule rules are written in the site's local time; these
 * helpers turn instants into local dates and minutes, and local times back into instants,
 * daylight-saving gaps and overlaps included.
 */

import type { Weekday } from '@sapa/contracts';

/** Days of the week, Monday first (ISO order); index 0..6. The type is contracts' `Weekday`. */
export const WEEKDAYS = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
] as const satisfies readonly Weekday[];

/** A local calendar date and time of day in some zone. */
export interface LocalTime {
  /** `YYYY-MM-DD` */
  readonly date: string;
  readonly weekday: Weekday;
  /** Minutes since local midnight, 0..1439. */
  readonly minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    // Throws RangeError for an unknown zone, which is what validation relies on.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

// An IANA name (`Asia/Makassar`, `UTC`, `Etc/GMT+7`). Intl also takes fixed offsets such as
// `+08:00`, which have no daylight-saving rules, so hours kept in one would drift twice a year.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * Whether `timeZone` is an IANA zone name this runtime knows (any letter case). The one check
 * for every zone Sapa stores: a site's, its duty settings', and the dashboard's form.
 */
export function isTimeZone(timeZone: string): boolean {
  if (!ZONE_NAME.test(timeZone)) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function parts(instant: number, timeZone: string) {
  const values: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    values[part.type] = part.value;
  }
  const number = (type: string) => Number(values[type]);
  return {
    year: number('year'),
    month: number('month'),
    day: number('day'),
    hour: number('hour'),
    minute: number('minute'),
    second: number('second'),
    weekday: (values.weekday ?? '').toLowerCase().slice(0, 3) as Weekday,
  };
}

/** The local date, weekday and minute of an instant (ms since epoch) in a zone. */
export function toLocal(instant: number, timeZone: string): LocalTime {
  const p = parts(instant, timeZone);
  return {
    date: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    weekday: p.weekday,
    minutes: p.hour * 60 + p.minute,
  };
}

/** The zone's offset from UTC at an instant, in ms (WITA: +8 h). */
export function offsetAt(instant: number, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (instant - (instant % 1000));
}

/**
 * The instant at which the zone's clocks show `date` `minutes`. In a daylight-saving gap (a
 * time that never happens) it is the first instant after the gap; in an overlap (a time that
 * happens twice) it is the earlier one.
 */
export function fromLocal(date: string, minutes: number, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  // Try the offsets in force around that wall time; keep the earliest that maps back exactly.
  const candidates = [offsetAt(wall - 86_400_000, timeZone), offsetAt(wall + 86_400_000, timeZone)];
  const exact = candidates
    .map((offset) => wall - offset)
    .filter((instant) => wall === instant + offsetAt(instant, timeZone))
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return exact[0];
  // A gap: the wall time does not exist; the clocks jump past it at the transition.
  const before = wall - Math.max(...candidates);
  const after = wall - Math.min(...candidates);
  return transitionBetween(before, after, timeZone);
}

/** Binary search for the first instant whose offset differs from the one at `low`. */
function transitionBetween(low: number, high: number, timeZone: string): number {
  const start = offsetAt(low, timeZone);
  let lo = Math.min(low, high);
  let hi = Math.max(low, high);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(mid, timeZone) === start) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The calendar date `days` after `date` (`YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return shifted.toISOString().slice(0, 10);
}

/** The weekday of a calendar date. */
export function weekdayOf(date: string): Weekday {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const sundayFirst = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7] as Weekday;
}

/** `HH:MM` → minutes since midnight; `24:00` is allowed as an end. */
export function parseClock(clock: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(clock);
  if (!match) throw new RangeError(`not a time of day: ${clock}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60) throw new RangeError(`not a time of day: ${clock}`);
  return minutes;
}

const pad = (value: number): string => String(value).padStart(2, '0');
