import { describe, expect, it } from '@jest/globals';
import { DutySettings, type AgentPresence } from '@sapa/contracts';
import { availabilityOf } from './availability.rules.js';

const at = (iso: string): number => Date.parse(iso);
const agent = (agentId: string, status: AgentPresence['status'] = 'online'): AgentPresence => ({
  agentId,
  name: agentId,
  status,
  lastSeenAt: 0,
  connections: 1,
});

/** The agency: Mon–Thu 08:00–16:00, Fri 08:00–11:30 WITA; Ayu and Budi on Monday. */
const agency = DutySettings.parse({
  timeZone: 'Asia/Makassar',
  hours: {
    weekly: {
      mon: [{ start: '08:00', end: '16:00' }],
      fri: [{ start: '08:00', end: '11:30' }],
    },
  },
  departments: [
    {
      departmentId: 'visa',
      name: 'Visa',
      hours: { weekly: { mon: [{ start: '08:00', end: '12:00' }] } },
    },
  ],
  agents: [
    { agentId: 'ayu', departmentIds: ['visa'], maxChats: 2 },
    { agentId: 'budi', departmentIds: [] },
  ],
  roster: [{ weekday: 'mon', start: '08:00', end: '16:00', agentIds: ['ayu', 'budi'] }],
});

const monday10 = at('2026-11-23T02:00:00Z');
const monday13 = at('2026-11-23T05:00:00Z');

describe('availability', () => {
  it('is online inside the hours with an eligible agent, per department with its own hours', () => {
    const detail = availabilityOf({
      siteId: 's',
      duty: agency,
      agents: [agent('ayu'), agent('budi')],
      loads: {},
      now: monday10,
    });
    expect(detail).toEqual({
      siteId: 's',
      online: true,
      insideHours: true,
      eligibleAgents: 2,
      eligibleAgentIds: ['ayu', 'budi'],
      departments: { visa: true },
    });
    // After 12:00 the visa desk is closed while the site stays open.
    const afternoon = availabilityOf({
      siteId: 's',
      duty: agency,
      agents: [agent('ayu')],
      loads: {},
      now: monday13,
    });
    expect(afternoon).toMatchObject({ online: true, departments: { visa: false } });
  });

  it('is offline when every agent is away, at their limit or not on duty', () => {
    expect(
      availabilityOf({
        siteId: 's',
        duty: agency,
        agents: [agent('ayu', 'away')],
        loads: {},
        now: monday10,
      }).online,
    ).toBe(false);
    expect(
      availabilityOf({
        siteId: 's',
        duty: agency,
        agents: [agent('ayu')],
        loads: { ayu: 2 },
        now: monday10,
      }),
    ).toMatchObject({ online: false, eligibleAgents: 0, departments: { visa: false } });
    expect(
      availabilityOf({
        siteId: 's',
        duty: agency,
        agents: [agent('citra')],
        loads: {},
        now: monday10,
      }).online,
    ).toBe(false);
  });

  it('is offline outside the hours and says when it opens next', () => {
    const fridayNoon = availabilityOf({
      siteId: 's',
      duty: agency,
      agents: [agent('ayu')],
      loads: {},
      now: at('2026-11-27T04:00:00Z'),
    });
    expect(fridayNoon).toMatchObject({
      online: false,
      insideHours: false,
      nextOpening: at('2026-11-30T00:00:00Z'),
    });
  });

  it('without any settings: always open, every online agent eligible', () => {
    const detail = availabilityOf({
      siteId: 's',
      duty: DutySettings.parse({}),
      agents: [agent('ayu')],
      loads: {},
      now: monday13,
    });
    expect(detail).toMatchObject({
      online: true,
      insideHours: true,
      eligibleAgentIds: ['ayu'],
      departments: {},
    });
  });
});
