import { describe, expect, it } from '@jest/globals';
import type { DutySettings } from '../api/duty.js';
import { formToSettings, parseBlocks, settingsToForm, type DutyForm } from './duty-form.js';

/** The agency of docs/presence-and-routing.md, with a lunch break, a department and a closure. */
const AGENCY: DutySettings = {
  timeZone: 'Asia/Makassar',
  hours: {
    weekly: {
      mon: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '16:00' },
      ],
      fri: [{ start: '08:00', end: '11:30' }],
    },
    holidays: ['2026-12-25'],
    closures: [{ from: '2026-11-27T00:00:00+08:00', to: '2026-11-27T12:00:00+08:00' }],
  },
  departments: [
    {
      departmentId: 'sales',
      name: 'Sales',
      routing: 'least-busy',
      hours: { weekly: { sat: [{ start: '09:00', end: '12:00' }] }, holidays: [], closures: [] },
    },
  ],
  agents: [
    { agentId: 'ayu', departmentIds: ['sales'], maxChats: 3 },
    { agentId: 'budi', departmentIds: [] },
  ],
  roster: [
    { weekday: 'mon', start: '08:00', end: '16:00', agentIds: ['ayu', 'budi'] },
    { weekday: 'fri', start: '08:00', end: '11:30', agentIds: ['budi'], departmentId: 'sales' },
  ],
  swaps: [
    {
      swapId: 'sw1',
      date: '2026-11-23',
      fromAgentId: 'ayu',
      toAgentId: 'budi',
      status: 'requested',
      requestedBy: 'ayu',
      requestedAt: 1,
    },
  ],
  defaultMaxChats: 5,
  slaSeconds: 60,
  routing: 'ring-all',
  autoAwayMinutes: 10,
};

const problemsOf = (form: DutyForm) => formToSettings(form, AGENCY).problems;

describe('duty form ↔ settings', () => {
  it('shows blocks, holidays, rows and numbers as the inputs hold them', () => {
    const form = settingsToForm(AGENCY);
    expect(form.weekly.mon).toBe('08:00-12:00, 13:00-16:00');
    expect(form.weekly.tue).toBe('');
    expect(form.holidays).toBe('2026-12-25');
    expect(form.agents[0]).toEqual({ agentId: 'ayu', departmentIds: ['sales'], maxChats: '3' });
    expect(form.agents[1]?.maxChats).toBe('');
    expect(form.roster[1]).toMatchObject({ agentIds: 'budi', departmentId: 'sales' });
    expect(form.autoAwayMinutes).toBe('10');
  });

  it('round-trips to the same settings, without the swaps, keeping what the form does not edit', () => {
    const { settings, problems } = formToSettings(settingsToForm(AGENCY), AGENCY);
    expect(problems).toEqual([]);
    const { swaps: _swaps, ...expected } = AGENCY;
    expect(settings).toEqual(expected);
    expect(settings && 'swaps' in settings).toBe(false);
  });

  it('reads typed blocks loosely (dashes, spaces, 8:00) and writes them strictly', () => {
    const form = settingsToForm(AGENCY);
    const { settings } = formToSettings(
      {
        ...form,
        weekly: { ...form.weekly, tue: ' 8:00 – 12:00 ;13:00-16:30 ', sat: '22:00-02:00' },
        holidays: '2026-12-25\n2027-01-01',
        autoAwayMinutes: '0',
      },
      AGENCY,
    );
    expect(settings?.hours?.weekly.tue).toEqual([
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '16:30' },
    ]);
    expect(settings?.hours?.weekly.sat).toEqual([{ start: '22:00', end: '02:00' }]);
    expect(settings?.hours?.holidays).toEqual(['2026-12-25', '2027-01-01']);
    expect(settings?.autoAwayMinutes).toBe(0);
  });

  it('always open: no hours at all', () => {
    const { settings } = formToSettings({ ...settingsToForm(AGENCY), hoursEnabled: false }, AGENCY);
    expect(settings && 'hours' in settings).toBe(false);
  });

  it('names each mistake instead of sending it', () => {
    const form = settingsToForm(AGENCY);
    expect(parseBlocks('08:00-08:00, 24:00-02:00, 9-5', 'hours mon').problems).toEqual([
      'hours mon: 08:00-08:00 is empty',
      'hours mon: a block cannot start at 24:00',
      'hours mon: "9-5" is not HH:MM-HH:MM',
    ]);
    expect(problemsOf({ ...form, timeZone: 'Mars/Olympus' })).toEqual([
      'unknown time zone "Mars/Olympus"',
    ]);
    expect(problemsOf({ ...form, slaSeconds: '0', autoAwayMinutes: '1.5' })).toEqual([
      'First-response SLA must be a whole number from 1 to 3600',
      'Auto-away minutes must be a whole number from 0 to 480',
    ]);
    expect(problemsOf({ ...form, holidays: '25/12/2026' })).toEqual([
      'holiday "25/12/2026" is not a date (YYYY-MM-DD)',
    ]);
    expect(
      problemsOf({
        ...form,
        departments: [
          ...form.departments,
          { departmentId: 'sales', name: '', routing: 'ring-all' },
        ],
      }),
    ).toEqual(['department sales appears twice', 'department sales needs a name']);
    expect(
      problemsOf({
        ...form,
        roster: [
          {
            weekday: 'tue',
            start: '08:00',
            end: '16:00',
            agentIds: 'ayu, b@d',
            departmentId: 'gone',
          },
        ],
      }),
    ).toEqual([
      'roster tue 08:00: "b@d" is not an agent id',
      'roster tue 08:00: no department gone',
    ]);
    expect(
      problemsOf({
        ...form,
        agents: [...form.agents, { agentId: 'ayu', departmentIds: [], maxChats: '0' }],
      }),
    ).toEqual([
      'agent ayu appears twice',
      'chat limit of ayu must be a whole number from 1 to 100',
    ]);
  });
});
