import { describe, expect, it } from '@jest/globals';
import { DutySettings, type DutySettingsInput } from '@sapa/contracts';
import type { OpeningHours } from './business-hours.js';
import { blockProblems, dutyProblems, hoursProblems } from './duty.rules.js';
import { isTimeZone } from './zoned-time.js';

/** The agency of the seeds (WITA): office hours, a holiday, one department, two operators. */
const agency: DutySettingsInput = {
  timeZone: 'Asia/Makassar',
  hours: {
    weekly: {
      mon: [{ start: '08:00', end: '16:00' }],
      fri: [{ start: '08:00', end: '11:30' }],
      sat: [{ start: '22:00', end: '06:00' }],
    },
    holidays: ['2026-12-25'],
    closures: [{ from: '2026-11-24T11:00:00+08:00', to: '2026-11-24T13:00:00+08:00' }],
  },
  departments: [
    {
      departmentId: 'sales',
      name: 'Sales',
      hours: { weekly: { sat: [{ start: '09:00', end: '24:00' }] } },
    },
  ],
  agents: [{ agentId: 'ayu', departmentIds: ['sales'], maxChats: 3 }],
  roster: [
    { weekday: 'mon', start: '08:00', end: '16:00', agentIds: ['ayu', 'budi'] },
    { weekday: 'fri', start: '08:00', end: '11:30', agentIds: ['budi'], departmentId: 'sales' },
  ],
};
const problemsOf = (change: Partial<DutySettingsInput>): string[] =>
  dutyProblems(DutySettings.parse({ ...agency, ...change }));

describe('time zones', () => {
  it('knows IANA names in any case and refuses offsets, blanks and made-up zones', () => {
    for (const zone of ['Asia/Makassar', 'asia/makassar', 'UTC', 'Etc/GMT+7', 'Asia/Kolkata'])
      expect(isTimeZone(zone)).toBe(true);
    for (const zone of ['Mars/Olympus', '+08:00', '', ' Asia/Makassar', 'Asia/'])
      expect(isTimeZone(zone)).toBe(false);
  });
});

describe('validation of hours', () => {
  const hours: OpeningHours = DutySettings.parse(agency).hours ?? { weekly: {} };

  it('names bad blocks, holidays and closures', () => {
    expect(hoursProblems(hours)).toEqual([]);
    expect(
      hoursProblems({
        weekly: {
          mon: [
            { start: '8am', end: '16:00' },
            { start: '10:00', end: '10:00' },
          ],
        },
        holidays: ['25/12/2026'],
        closures: [{ from: '2026-11-24T13:00:00Z', to: '2026-11-24T11:00:00Z' }],
      }),
    ).toHaveLength(4);
  });

  it('says which block is wrong and why, in the words the dashboard shows', () => {
    expect(blockProblems('hours mon', { start: '08:00', end: '08:00' })).toEqual([
      'hours mon: 08:00-08:00 is empty',
    ]);
    expect(blockProblems('hours mon', { start: '24:00', end: '02:00' })).toEqual([
      'hours mon: a block cannot start at 24:00',
    ]);
    expect(blockProblems('hours mon', { start: '9', end: '17:00' })).toEqual([
      'hours mon: "9-17:00" is not HH:MM-HH:MM',
    ]);
    // Overnight and "until midnight" are fine.
    expect(blockProblems('hours sat', { start: '22:00', end: '06:00' })).toEqual([]);
    expect(blockProblems('hours sat', { start: '09:00', end: '24:00' })).toEqual([]);
  });

  it('names a department’s own hours by the department', () => {
    expect(
      hoursProblems(
        { weekly: { tue: [{ start: '12:00', end: '12:00' }] }, holidays: ['2026-13-45x'] },
        'sales',
      ),
    ).toEqual([
      'hours of sales tue: 12:00-12:00 is empty',
      'hours of sales: holiday "2026-13-45x" is not a date (YYYY-MM-DD)',
    ]);
  });
});

describe('validation of duty settings', () => {
  it('accepts the agency and the defaults', () => {
    expect(problemsOf({})).toEqual([]);
    expect(dutyProblems(DutySettings.parse({}))).toEqual([]);
  });

  it('refuses an unknown zone, and a fixed offset that would drift with daylight saving', () => {
    expect(problemsOf({ timeZone: 'Mars/Olympus' })).toEqual(['unknown time zone "Mars/Olympus"']);
    expect(problemsOf({ timeZone: '+08:00' })).toEqual(['unknown time zone "+08:00"']);
  });

  it('refuses ids that appear twice and references to departments the site does not have', () => {
    expect(
      problemsOf({
        departments: [
          { departmentId: 'sales', name: 'Sales' },
          { departmentId: 'sales', name: 'Sales again' },
        ],
        agents: [
          { agentId: 'ayu', departmentIds: ['sales', 'nope'] },
          { agentId: 'ayu', departmentIds: [] },
        ],
        roster: [
          { weekday: 'tue', start: '08:00', end: '16:00', agentIds: [], departmentId: 'gone' },
        ],
      }),
    ).toEqual([
      'department sales appears twice',
      'agent ayu: no department nope',
      'agent ayu appears twice',
      'roster tue 08:00: no department gone',
    ]);
  });

  it('refuses empty shifts, shifts starting at 24:00 and backwards closures', () => {
    expect(
      problemsOf({
        roster: [
          { weekday: 'mon', start: '08:00', end: '08:00', agentIds: ['ayu'] },
          { weekday: 'sun', start: '24:00', end: '06:00', agentIds: ['ayu'] },
        ],
        hours: {
          weekly: {},
          closures: [{ from: '2026-11-24T13:00:00+08:00', to: '2026-11-24T11:00:00+08:00' }],
        },
      }),
    ).toEqual([
      'closure 2026-11-24T13:00:00+08:00..2026-11-24T11:00:00+08:00 is not a forward range of instants',
      'roster mon 08:00: 08:00-08:00 is empty',
      'roster sun 24:00: a block cannot start at 24:00',
    ]);
  });

  it('keeps the numbers in their ranges (what the dashboard checks before sending)', () => {
    const duty = DutySettings.parse(agency);
    expect(
      dutyProblems({
        ...duty,
        slaSeconds: 0,
        defaultMaxChats: Number.NaN,
        autoAwayMinutes: 1.5,
        agents: [{ agentId: 'ayu', departmentIds: [], maxChats: 101 }],
      }),
    ).toEqual([
      'First-response SLA must be a whole number from 1 to 3600',
      'Default chat limit must be a whole number from 1 to 100',
      'Auto-away minutes must be a whole number from 0 to 480',
      'chat limit of ayu must be a whole number from 1 to 100',
    ]);
  });
});
