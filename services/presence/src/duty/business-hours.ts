import { addDays, fromLocal, parseClock, toLocal, weekdayOf, type Weekday } from './zoned-time.js';

/**
 * A block of opening time on one weekday, in local `HH:MM`. When `end` is not after `start`
 * the block runs overnight into the next day (`22:00`–`06:00`); `24:00` ends at midnight.
 */
export interface TimeBlock {
  readonly start: string;
  readonly end: string;
}

/** A one-off closure between two instants (ISO 8601 with offset), e.g. a team outing. */
export interface Closure {
  readonly from: string;
  readonly to: string;
  readonly reason?: string | undefined;
}

/**
 * When a site (or a department) answers chats, in its IANA time zone. Several blocks a day
 * allow a lunch break; a holiday closes the whole local date, including the part of an
 * overnight block that spills into it.
 */
export interface BusinessHours {
  readonly timeZone: string;
  readonly weekly: Partial<Record<Weekday, readonly TimeBlock[]>>;
  /** Local dates (`YYYY-MM-DD`) closed all day. */
  readonly holidays?: readonly string[] | undefined;
  readonly closures?: readonly Closure[] | undefined;
}

/** An opening interval [start, end) in ms since epoch. */
export interface OpenInterval {
  readonly start: number;
  readonly end: number;
}

const DAY_MINUTES = 24 * 60;

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

/** Checks blocks, holidays and closures; returns the problems (empty when valid). */
export function hoursProblems(hours: BusinessHours): string[] {
  const problems: string[] = [];
  for (const [weekday, blocks] of Object.entries(hours.weekly)) {
    for (const block of blocks ?? []) {
      try {
        const start = parseClock(block.start);
        const end = parseClock(block.end);
        if (start === DAY_MINUTES) problems.push(`${weekday}: a block cannot start at 24:00`);
        if (start === end) problems.push(`${weekday}: block ${block.start}-${block.end} is empty`);
      } catch (error) {
        problems.push(`${weekday}: ${(error as Error).message}`);
      }
    }
  }
  for (const holiday of hours.holidays ?? []) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday)) problems.push(`holiday ${holiday} is not YYYY-MM-DD`);
  }
  for (const closure of hours.closures ?? []) {
    const from = Date.parse(closure.from);
    const to = Date.parse(closure.to);
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
      problems.push(`closure ${closure.from}..${closure.to} is not a forward range of instants`);
    }
  }
  return problems;
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
