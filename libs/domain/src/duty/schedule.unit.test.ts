import { describe, expect, it } from '@jest/globals';
import {
  isOpenAt,
  nextClosing,
  nextOpening,
  openIntervals,
  type BusinessHours,
} from './business-hours.js';
import { swapProblems } from './duty.rules.js';
import { onDutyAt, type Roster, type RosterSwap } from './roster.js';
import { fromLocal, toLocal } from './zoned-time.js';

const at = (iso: string): number => Date.parse(iso);

/** The agency in the seeds: Mon–Thu 08:00–16:00, Fri 08:00–11:30, WITA (UTC+8, no DST). */
const OFFICE = [{ start: '08:00', end: '16:00' }];
const agency: BusinessHours = {
  timeZone: 'Asia/Makassar',
  weekly: {
    mon: OFFICE,
    tue: OFFICE,
    wed: OFFICE,
    thu: OFFICE,
    fri: [{ start: '08:00', end: '11:30' }],
  },
  holidays: ['2026-12-25'],
};

describe('business hours in WITA (the agency week)', () => {
  it('opens Monday at 08:00 local and closes at 16:00', () => {
    // 2026-11-23 is a Monday; 08:00 WITA is 00:00 UTC.
    expect(isOpenAt(agency, at('2026-11-22T23:59:59Z'))).toBe(false);
    expect(isOpenAt(agency, at('2026-11-23T00:00:00Z'))).toBe(true);
    expect(isOpenAt(agency, at('2026-11-23T07:59:59Z'))).toBe(true);
    expect(isOpenAt(agency, at('2026-11-23T08:00:00Z'))).toBe(false);
  });

  it('keeps the Friday short day: open until 11:30 only', () => {
    expect(isOpenAt(agency, at('2026-11-27T03:29:00+00:00'))).toBe(true); // 11:29 WITA
    expect(isOpenAt(agency, at('2026-11-27T03:30:00Z'))).toBe(false); // 11:30 WITA
    expect(isOpenAt(agency, at('2026-11-27T06:00:00Z'))).toBe(false); // 14:00 WITA
    expect(nextClosing(agency, at('2026-11-27T01:00:00Z'))).toBe(at('2026-11-27T03:30:00Z'));
  });

  it('is closed at the weekend and reopens Monday 08:00', () => {
    expect(isOpenAt(agency, at('2026-11-28T02:00:00Z'))).toBe(false); // Saturday 10:00
    expect(nextOpening(agency, at('2026-11-27T04:00:00Z'))).toBe(at('2026-11-30T00:00:00Z'));
  });

  it('closes a holiday all day and skips it when looking for the next opening', () => {
    expect(isOpenAt(agency, at('2026-12-25T01:00:00Z'))).toBe(false); // Friday 09:00, Christmas
    expect(nextOpening(agency, at('2026-12-24T09:00:00Z'))).toBe(at('2026-12-28T00:00:00Z'));
  });

  it('honours a one-off closure inside a day', () => {
    const outing: BusinessHours = {
      ...agency,
      closures: [
        { from: '2026-11-24T11:00:00+08:00', to: '2026-11-24T13:00:00+08:00', reason: 'outing' },
      ],
    };
    expect(isOpenAt(outing, at('2026-11-24T02:59:00Z'))).toBe(true);
    expect(isOpenAt(outing, at('2026-11-24T03:00:00Z'))).toBe(false);
    expect(isOpenAt(outing, at('2026-11-24T05:00:00Z'))).toBe(true);
    const tuesday = openIntervals(outing, at('2026-11-24T00:00:00Z'), 1).slice(0, 2);
    expect(tuesday).toEqual([
      { start: at('2026-11-24T00:00:00Z'), end: at('2026-11-24T03:00:00Z') },
      { start: at('2026-11-24T05:00:00Z'), end: at('2026-11-24T08:00:00Z') },
    ]);
  });

  it('supports several blocks a day (a lunch break)', () => {
    const school: BusinessHours = {
      timeZone: 'Asia/Makassar',
      weekly: {
        mon: [
          { start: '07:00', end: '12:00' },
          { start: '13:00', end: '15:00' },
        ],
      },
    };
    expect(isOpenAt(school, at('2026-11-23T03:59:00Z'))).toBe(true); // 11:59
    expect(isOpenAt(school, at('2026-11-23T04:30:00Z'))).toBe(false); // 12:30 lunch
    expect(isOpenAt(school, at('2026-11-23T05:00:00Z'))).toBe(true); // 13:00
    expect(nextOpening(school, at('2026-11-23T04:30:00Z'))).toBe(at('2026-11-23T05:00:00Z'));
  });

  it('treats no hours at all as always open', () => {
    expect(isOpenAt(undefined, at('2026-11-28T02:00:00Z'))).toBe(true);
  });
});

describe('an overnight block', () => {
  const night: BusinessHours = {
    timeZone: 'Asia/Makassar',
    weekly: { sat: [{ start: '22:00', end: '06:00' }] },
    holidays: ['2026-12-06'],
  };

  it('runs past midnight into the next day', () => {
    expect(isOpenAt(night, at('2026-11-28T13:59:00Z'))).toBe(false); // Sat 21:59
    expect(isOpenAt(night, at('2026-11-28T15:00:00Z'))).toBe(true); // Sat 23:00
    expect(isOpenAt(night, at('2026-11-28T21:59:00Z'))).toBe(true); // Sun 05:59
    expect(isOpenAt(night, at('2026-11-28T22:00:00Z'))).toBe(false); // Sun 06:00
    expect(openIntervals(night, at('2026-11-28T00:00:00Z'), 2)).toEqual([
      { start: at('2026-11-28T14:00:00Z'), end: at('2026-11-28T22:00:00Z') },
    ]);
  });

  it('stops at midnight when the next day is a holiday', () => {
    expect(isOpenAt(night, at('2026-12-05T15:00:00Z'))).toBe(true); // Sat 23:00
    expect(isOpenAt(night, at('2026-12-05T17:00:00Z'))).toBe(false); // Sun 01:00, holiday
    expect(nextClosing(night, at('2026-12-05T15:00:00Z'))).toBe(at('2026-12-05T16:00:00Z'));
  });
});

describe('a zone with daylight saving (Europe/Berlin)', () => {
  const berlin: BusinessHours = {
    timeZone: 'Europe/Berlin',
    weekly: {
      fri: [{ start: '08:00', end: '16:00' }],
      sun: [{ start: '01:00', end: '05:00' }],
      mon: [{ start: '08:00', end: '16:00' }],
    },
  };

  it('opens at 08:00 local on both sides of the spring change', () => {
    expect(nextOpening(berlin, at('2026-03-27T00:00:00Z'))).toBe(at('2026-03-27T07:00:00Z')); // CET
    expect(nextOpening(berlin, at('2026-03-30T00:00:00Z'))).toBe(at('2026-03-30T06:00:00Z')); // CEST
    expect(isOpenAt(berlin, at('2026-03-30T06:00:00Z'))).toBe(true);
    expect(isOpenAt(berlin, at('2026-03-30T05:59:00Z'))).toBe(false);
  });

  it('a block across the skipped hour is one hour shorter', () => {
    const sunday = openIntervals(berlin, at('2026-03-29T00:00:00Z'), 1)[0];
    expect(sunday).toEqual({ start: at('2026-03-29T00:00:00Z'), end: at('2026-03-29T03:00:00Z') });
  });

  it('maps local times in the gap forward and in the overlap to the earlier instant', () => {
    expect(fromLocal('2026-03-29', 150, 'Europe/Berlin')).toBe(at('2026-03-29T01:00:00Z')); // 02:30 missing
    expect(fromLocal('2026-10-25', 150, 'Europe/Berlin')).toBe(at('2026-10-25T00:30:00Z')); // 02:30 twice
    expect(toLocal(at('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toEqual({
      date: '2026-10-25',
      weekday: 'sun',
      minutes: 150,
    });
  });
});

describe('duty roster with swaps', () => {
  const swap = (status: RosterSwap['status'], extra: Partial<RosterSwap> = {}): RosterSwap => ({
    swapId: 's1',
    date: '2026-11-23',
    fromAgentId: 'ayu',
    toAgentId: 'citra',
    status,
    ...extra,
  });
  const roster = (swaps: RosterSwap[] = []): Roster => ({
    timeZone: 'Asia/Makassar',
    shifts: [
      { weekday: 'mon', start: '08:00', end: '16:00', agentIds: ['ayu', 'budi'] },
      { weekday: 'tue', start: '08:00', end: '16:00', agentIds: ['citra', 'dewi'] },
      { weekday: 'fri', start: '08:00', end: '11:30', agentIds: ['budi', 'dewi'] },
    ],
    swaps,
  });
  const monday = at('2026-11-23T02:00:00Z'); // Mon 10:00 WITA
  const tuesday = at('2026-11-24T02:00:00Z');

  it('puts two operators on duty per day, nobody outside the shifts', () => {
    expect(onDutyAt(roster(), monday)).toEqual(['ayu', 'budi']);
    expect(onDutyAt(roster(), tuesday)).toEqual(['citra', 'dewi']);
    expect(onDutyAt(roster(), at('2026-11-23T08:00:00Z'))).toEqual([]); // Mon 16:00
    expect(onDutyAt(roster(), at('2026-11-27T03:30:00Z'))).toEqual([]); // Fri 11:30
  });

  it('changes nothing until a supervisor approves the swap', () => {
    expect(onDutyAt(roster([swap('requested')]), monday)).toEqual(['ayu', 'budi']);
    expect(onDutyAt(roster([swap('rejected')]), monday)).toEqual(['ayu', 'budi']);
    expect(onDutyAt(roster([swap('approved')]), monday)).toEqual(['budi', 'citra']);
    // Only that date: the next Monday is as planned.
    expect(onDutyAt(roster([swap('approved')]), monday + 7 * 86_400_000)).toEqual(['ayu', 'budi']);
  });

  it('swaps both ways with a return date', () => {
    const both = roster([swap('approved', { returnDate: '2026-11-24' })]);
    expect(onDutyAt(both, monday)).toEqual(['budi', 'citra']);
    expect(onDutyAt(both, tuesday)).toEqual(['ayu', 'dewi']);
  });

  it('refuses a swap for a shift the agent does not have', () => {
    expect(
      swapProblems(roster(), { date: '2026-11-23', fromAgentId: 'ayu', toAgentId: 'citra' }),
    ).toEqual([]);
    expect(
      swapProblems(roster(), { date: '2026-11-24', fromAgentId: 'ayu', toAgentId: 'citra' }),
    ).toEqual(['ayu has no shift on 2026-11-24']);
    expect(
      swapProblems(roster(), { date: '2026-11-23', fromAgentId: 'ayu', toAgentId: 'ayu' }),
    ).toHaveLength(1);
  });

  it('checks the return date against the colleague’s shifts', () => {
    const request = { date: '2026-11-23', fromAgentId: 'ayu', toAgentId: 'citra' };
    expect(swapProblems(roster(), { ...request, returnDate: '2026-11-24' })).toEqual([]);
    expect(swapProblems(roster(), { ...request, returnDate: '2026-11-27' })).toEqual([
      'citra has no shift on 2026-11-27',
    ]);
  });

  it('reads the roster with approved swaps applied: a shift given away cannot be given again', () => {
    const given = roster([swap('approved')]);
    expect(
      swapProblems(given, { date: '2026-11-23', fromAgentId: 'ayu', toAgentId: 'dewi' }),
    ).toEqual(['ayu has no shift on 2026-11-23']);
    // The colleague who received it may pass it on; a mere request changes nothing.
    expect(
      swapProblems(given, { date: '2026-11-23', fromAgentId: 'citra', toAgentId: 'dewi' }),
    ).toEqual([]);
    expect(
      swapProblems(roster([swap('requested')]), {
        date: '2026-11-23',
        fromAgentId: 'ayu',
        toAgentId: 'dewi',
      }),
    ).toEqual([]);
  });

  it('restricts nobody when the site keeps no roster', () => {
    expect(onDutyAt({ timeZone: 'Asia/Makassar', shifts: [] }, monday)).toBeUndefined();
    expect(onDutyAt(undefined, monday)).toBeUndefined();
  });
});
