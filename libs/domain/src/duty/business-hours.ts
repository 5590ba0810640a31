import type { Closure, TimeBlock, Weekday } from '@sapa/contracts';
import { addDays, fromLocal, parseClock, toLocal, weekdayOf } from './zoned-time.js';

/**
 * Opening hours as a site or department keeps them (contracts' `WeeklyHours`, with holidays and
 * closures optional): blocks per weekday in local `HH:MM`; a block whose end is not after its
 * start runs overnight into the next day, `24:00` ends at midnight. Several blocks a day allow a
 * lunch break; a holiday (a local date) closes the whole date, including the part of an
 * overnight block that spills into it; a closure closes the instants it covers.
 */
export interface OpeningHours {
  readonly weekly: Partial<Record<Weekday, readonly TimeBlock[]>>;
  /** Local dates (`YYYY-MM-DD`) closed all day. */
  readonly holidays?: readonly string[] | undefined;
  readonly closures?: readonly Closure[] | undefined;
}

/** Opening hours read in an IANA time zone: when a site (or a department) answers chats. */
export interface BusinessHours extends OpeningHours {
  readonly timeZone: string;
}

/** An opening interval [start, end) in ms since epoch. */
export interface OpenInterval {
  readonly start: number;
  readonly end: number;
}

/** Minutes in a day: `24:00`. */
export const DAY_MINUTES = 24 * 60;

/** Whether the hours are open at an instant. No hours at all means always open. */
export function isOpenAt(hours: BusinessHours | undefined, instant: number): boolean {
  if (!hours) return true;
  if (inClosure(hours, instant)) return false;
  const local = toLocal(instant, hours.timeZone);
  if (isHoliday(hours, local.date)) return false;
  for (const block of hours.weekly[local.weekday] ?? []) {
    const { start, end, overnight } = minutesOf(block);
    if (overnight ? local.minutes >= start : local.minutes >= start && local.minutes < end) {
      return true;
    }
  }
  // Yesterday's overnight blocks reach into the small hours of today.
  const yesterday = weekdayOf(addDays(local.date, -1));
  for (const block of hours.weekly[yesterday] ?? []) {
    const { end, overnight } = minutesOf(block);
    if (overnight && local.minutes < end) return true;
  }
  return false;
}

/**
 * The opening intervals that overlap [from, from + days), in order, holidays and closures
 * taken out. Used for "we are back at …" and to find the next change of availability.
 */
export function openIntervals(hours: BusinessHours, from: number, days = 8): OpenInterval[] {
  const firstDate = addDays(toLocal(from, hours.timeZone).date, -1);
  const until = from + days * 86_400_000;
  const intervals: OpenInterval[] = [];
  for (let offset = 0; offset <= days + 1; offset += 1) {
    const date = addDays(firstDate, offset);
    if (isHoliday(hours, date)) continue;
    for (const block of hours.weekly[weekdayOf(date)] ?? []) {
      const { start, end, overnight } = minutesOf(block);
      const next = addDays(date, 1);
      const startAt = fromLocal(date, start, hours.timeZone);
      let endAt =
        overnight || end === DAY_MINUTES
          ? fromLocal(next, end % DAY_MINUTES, hours.timeZone)
          : fromLocal(date, end, hours.timeZone);
      // The spill of an overnight block stops at midnight before a holiday.
      if (overnight && isHoliday(hours, next)) endAt = fromLocal(next, 0, hours.timeZone);
      if (endAt > from && startAt < until && endAt > startAt) {
        intervals.push({ start: startAt, end: endAt });
      }
    }
  }
  return withoutClosures(merge(intervals), hours.closures ?? []);
}

/** The instant the hours next open at or after `from` (from itself when open), if within `days`. */
export function nextOpening(
  hours: BusinessHours | undefined,
  from: number,
  days = 14,
): number | undefined {
  if (!hours) return from;
  const first = openIntervals(hours, from, days).find((interval) => interval.end > from);
  return first === undefined ? undefined : Math.max(first.start, from);
}

/** The instant the hours next close after `from` while open; undefined when closed now. */
export function nextClosing(
  hours: BusinessHours | undefined,
  from: number,
  days = 14,
): number | undefined {
  if (!hours || !isOpenAt(hours, from)) return undefined;
  const current = openIntervals(hours, from, days).find(
    (interval) => interval.start <= from && interval.end > from,
  );
  return current?.end;
}

function minutesOf(block: TimeBlock) {
  const start = parseClock(block.start);
  const end = parseClock(block.end);
  return { start, end, overnight: end <= start };
}

const isHoliday = (hours: BusinessHours, date: string): boolean =>
  hours.holidays?.includes(date) ?? false;

function inClosure(hours: BusinessHours, instant: number): boolean {
  return (hours.closures ?? []).some(
    (closure) => Date.parse(closure.from) <= instant && instant < Date.parse(closure.to),
  );
}

function merge(intervals: OpenInterval[]): OpenInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: OpenInterval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, interval.end) };
    } else merged.push(interval);
  }
  return merged;
}

function withoutClosures(intervals: OpenInterval[], closures: readonly Closure[]): OpenInterval[] {
  let result = intervals;
  for (const closure of closures) {
    const from = Date.parse(closure.from);
    const to = Date.parse(closure.to);
    result = result.flatMap((interval) => {
      if (to <= interval.start || from >= interval.end) return [interval];
      const pieces: OpenInterval[] = [];
      if (from > interval.start) pieces.push({ start: interval.start, end: from });
      if (to < interval.end) pieces.push({ start: to, end: interval.end });
      return pieces;
    });
  }
  return result;
}
