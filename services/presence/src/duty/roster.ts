import { addDays, parseClock, toLocal, weekdayOf, type Weekday } from './zoned-time.js';

/** Agents on duty for one block of one weekday (local `HH:MM`; overnight when end ≤ start). */
export interface RosterShift {
  readonly weekday: Weekday;
  readonly start: string;
  readonly end: string;
  readonly agentIds: readonly string[];
  /** Limits the shift to one department; absent: every department of the site. */
  readonly departmentId?: string | undefined;
}

export type SwapStatus = 'requested' | 'approved' | 'rejected';

/**
 * One agent hands their shifts of a local date to another; with `returnDate`, the other hands
 * theirs of that date back (a swap both ways). Only an `approved` swap changes who is on duty:
 * a request waits for a supervisor.
 */
export interface ShiftSwap {
  readonly swapId: string;
  readonly date: string;
  readonly fromAgentId: string;
  readonly toAgentId: string;
  readonly returnDate?: string | undefined;
  readonly status: SwapStatus;
}

/** The duty roster of a site, read in its time zone. No shifts: everyone is always on duty. */
export interface Roster {
  readonly timeZone: string;
  readonly shifts: readonly RosterShift[];
  readonly swaps?: readonly ShiftSwap[] | undefined;
}

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
export function agentsOn(shift: RosterShift, date: string, swaps: readonly ShiftSwap[]): string[] {
  let agents = [...shift.agentIds];
  for (const swap of swaps) {
    if (swap.status !== 'approved') continue;
    if (swap.date === date) agents = replace(agents, swap.fromAgentId, swap.toAgentId);
    if (swap.returnDate === date) agents = replace(agents, swap.toAgentId, swap.fromAgentId);
  }
  return agents;
}

/** The problems with a swap request (empty when it may be filed). */
export function swapRequestProblems(
  roster: Roster,
  swap: Omit<ShiftSwap, 'swapId' | 'status'>,
): string[] {
  const problems: string[] = [];
  if (swap.fromAgentId === swap.toAgentId) problems.push('an agent cannot swap with themself');
  const hasShift = (agentId: string, date: string) =>
    roster.shifts.some(
      (shift) =>
        shift.weekday === weekdayOf(date) &&
        agentsOn(shift, date, roster.swaps ?? []).includes(agentId),
    );
  if (!hasShift(swap.fromAgentId, swap.date))
    problems.push(`${swap.fromAgentId} has no shift on ${swap.date}`);
  if (swap.returnDate !== undefined && !hasShift(swap.toAgentId, swap.returnDate)) {
    problems.push(`${swap.toAgentId} has no shift on ${swap.returnDate}`);
  }
  return problems;
}

function replace(agents: string[], from: string, to: string): string[] {
  if (!agents.includes(from)) return agents;
  const replaced = agents.map((agentId) => (agentId === from ? to : agentId));
  return [...new Set(replaced)];
}
