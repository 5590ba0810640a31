import type { DutySettings, RosterShift, ShiftSwap } from '@sapa/contracts';
import { addDays, parseClock, toLocal, weekdayOf } from './zoned-time.js';

/**
 * A swap as the roster reads it: `fromAgentId` hands their shifts of the local `date` to
 * `toAgentId`; with `returnDate`, the other hands theirs of that date back (a swap both ways).
 * Only an `approved` swap changes who is on duty: a request waits for a supervisor.
 */
export type RosterSwap = Pick<
  ShiftSwap,
  'swapId' | 'date' | 'fromAgentId' | 'toAgentId' | 'returnDate' | 'status'
>;

/** The duty roster of a site, read in its time zone. No shifts: everyone is always on duty. */
export interface Roster {
  readonly timeZone: string;
  readonly shifts: readonly RosterShift[];
  readonly swaps?: readonly RosterSwap[] | undefined;
}

/** The roster of a site's duty settings. */
export const rosterOf = (duty: Pick<DutySettings, 'timeZone' | 'roster' | 'swaps'>): Roster => ({
  timeZone: duty.timeZone,
  shifts: duty.roster,
  swaps: duty.swaps,
});

/**
 * Who is on duty at an instant (sorted ids), for one department or the whole site; undefined
 * when the roster has no shifts, meaning duty does not restrict anyone.
 */
export function onDutyAt(
  roster: Roster | undefined,
  instant: number,
  departmentId?: string,
): string[] | undefined {
  if (!roster || roster.shifts.length === 0) return undefined;
  const local = toLocal(instant, roster.timeZone);
  const yesterday = addDays(local.date, -1);
  const onDuty = new Set<string>();
  for (const shift of roster.shifts) {
    if (
      departmentId !== undefined &&
      shift.departmentId !== undefined &&
      shift.departmentId !== departmentId
    ) {
      continue;
    }
    const start = parseClock(shift.start);
    const end = parseClock(shift.end);
    const overnight = end <= start;
    // The local date the covering shift started on (today, or yesterday for a spill).
    let shiftDate: string | undefined;
    if (
      shift.weekday === local.weekday &&
      local.minutes >= start &&
      (overnight || local.minutes < end)
    ) {
      shiftDate = local.date;
    } else if (overnight && shift.weekday === weekdayOf(yesterday) && local.minutes < end) {
      shiftDate = yesterday;
    }
    if (shiftDate === undefined) continue;
    for (const agentId of agentsOn(shift, shiftDate, roster.swaps ?? [])) onDuty.add(agentId);
  }
  return [...onDuty].sort();
}

/** The agents of one shift on one date, approved swaps applied in the order given. */
export function agentsOn(shift: RosterShift, date: string, swaps: readonly RosterSwap[]): string[] {
  let agents = [...shift.agentIds];
  for (const swap of swaps) {
    if (swap.status !== 'approved') continue;
    if (swap.date === date) agents = replace(agents, swap.fromAgentId, swap.toAgentId);
    if (swap.returnDate === date) agents = replace(agents, swap.toAgentId, swap.fromAgentId);
  }
  return agents;
}

/** Whether the agent holds a shift on a local date, approved swaps applied. */
export function hasShiftOn(roster: Roster, agentId: string, date: string): boolean {
  const weekday = weekdayOf(date);
  return roster.shifts.some(
    (shift) =>
      shift.weekday === weekday && agentsOn(shift, date, roster.swaps ?? []).includes(agentId),
  );
}

function replace(agents: string[], from: string, to: string): string[] {
  if (!agents.includes(from)) return agents;
  const replaced = agents.map((agentId) => (agentId === from ? to : agentId));
  return [...new Set(replaced)];
}
