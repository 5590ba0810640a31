import type { DutySettings, RequestSwap, TimeBlock } from '@sapa/contracts';
import { DAY_MINUTES, type OpeningHours } from './business-hours.js';
import { hasShiftOn, type Roster } from './roster.js';
import { isTimeZone, parseClock } from './zoned-time.js';

/**
 * The duty rulebook: what a site's duty settings and a swap request must satisfy. The
 * directory refuses settings that break it, the dashboard shows the same problems beside its
 * form before anything is sent, and presence reads hours and rosters with the same clock rules
 * (`business-hours.ts`, `roster.ts`). Each function returns the problems, in the order of the
 * settings, as sentences a person can act on; empty means valid.
 */

/** What the rulebook reads of the settings (swaps change only through their own commands). */
export type DutyRulesInput = Pick<
  DutySettings,
  | 'timeZone'
  | 'hours'
  | 'departments'
  | 'agents'
  | 'roster'
  | 'slaSeconds'
  | 'defaultMaxChats'
  | 'autoAwayMinutes'
>;

/** The ranges of the numbers (the same as the `DutySettings` schema's). */
export const DUTY_LIMITS = {
  slaSeconds: { min: 1, max: 3600 },
  maxChats: { min: 1, max: 100 },
  autoAwayMinutes: { min: 0, max: 480 },
} as const;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `date` is a calendar date `YYYY-MM-DD`. */
export const isLocalDate = (date: string): boolean =>
  LOCAL_DATE.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`));

function clockOf(clock: string): number | undefined {
  try {
    return parseClock(clock);
  } catch {
    return undefined;
  }
}

/**
 * One block of time (`what` names it: `hours mon`, `roster tue 08:00`): both ends `HH:MM`, not
 * empty, not starting at `24:00` (which only ends a day). End before start is fine: overnight.
 */
export function blockProblems(what: string, block: TimeBlock): string[] {
  const start = clockOf(block.start);
  const end = clockOf(block.end);
  if (start === undefined || end === undefined)
    return [`${what}: "${block.start}-${block.end}" is not HH:MM-HH:MM`];
  const problems: string[] = [];
  if (start === end) problems.push(`${what}: ${block.start}-${block.end} is empty`);
  if (start === DAY_MINUTES) problems.push(`${what}: a block cannot start at 24:00`);
  return problems;
}

/**
 * Opening hours: every block, holidays as dates, closures as forward ranges of instants. The
 * site's hours are named `hours <weekday>`; a department's `hours of <departmentId> …`.
 */
export function hoursProblems(hours: OpeningHours, departmentId?: string): string[] {
  const label = departmentId === undefined ? 'hours' : `hours of ${departmentId}`;
  const prefix = departmentId === undefined ? '' : `${label}: `;
  const problems: string[] = [];
  for (const [weekday, blocks] of Object.entries(hours.weekly)) {
    for (const block of blocks ?? []) problems.push(...blockProblems(`${label} ${weekday}`, block));
  }
  for (const holiday of hours.holidays ?? []) {
    if (!isLocalDate(holiday))
      problems.push(`${prefix}holiday "${holiday}" is not a date (YYYY-MM-DD)`);
  }
  for (const closure of hours.closures ?? []) {
    const from = Date.parse(closure.from);
    const to = Date.parse(closure.to);
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
      problems.push(
        `${prefix}closure ${closure.from}..${closure.to} is not a forward range of instants`,
      );
    }
  }
  return problems;
}

function wholeNumberProblems(
  what: string,
  value: number,
  range: { readonly min: number; readonly max: number },
): string[] {
  return Number.isInteger(value) && value >= range.min && value <= range.max
    ? []
    : [`${what} must be a whole number from ${range.min} to ${range.max}`];
}

/**
 * The problems with a site's duty settings, beyond their shape: the zone, the numbers, the
 * hours of the site and of each department, ids that appear twice, agents and shifts that name
 * a department the site does not have, and the roster's blocks.
 */
export function dutyProblems(duty: DutyRulesInput): string[] {
  const problems: string[] = [];
  if (!isTimeZone(duty.timeZone)) problems.push(`unknown time zone "${duty.timeZone}"`);
  problems.push(
    ...wholeNumberProblems('First-response SLA', duty.slaSeconds, DUTY_LIMITS.slaSeconds),
    ...wholeNumberProblems('Default chat limit', duty.defaultMaxChats, DUTY_LIMITS.maxChats),
    ...wholeNumberProblems('Auto-away minutes', duty.autoAwayMinutes, DUTY_LIMITS.autoAwayMinutes),
  );
  if (duty.hours) problems.push(...hoursProblems(duty.hours));
  const departmentIds = new Set<string>();
  for (const department of duty.departments) {
    const id = department.departmentId;
    if (departmentIds.has(id)) problems.push(`department ${id} appears twice`);
    departmentIds.add(id);
    if (department.name.trim() === '') problems.push(`department ${id} needs a name`);
    if (department.hours) problems.push(...hoursProblems(department.hours, id));
  }
  const agentIds = new Set<string>();
  for (const agent of duty.agents) {
    const id = agent.agentId;
    if (agentIds.has(id)) problems.push(`agent ${id} appears twice`);
    agentIds.add(id);
    for (const departmentId of agent.departmentIds) {
      if (!departmentIds.has(departmentId))
        problems.push(`agent ${id}: no department ${departmentId}`);
    }
    if (agent.maxChats !== undefined)
      problems.push(
        ...wholeNumberProblems(`chat limit of ${id}`, agent.maxChats, DUTY_LIMITS.maxChats),
      );
  }
  for (const shift of duty.roster) {
    const what = `roster ${shift.weekday} ${shift.start}`;
    problems.push(...blockProblems(what, shift));
    if (shift.departmentId !== undefined && !departmentIds.has(shift.departmentId))
      problems.push(`${what}: no department ${shift.departmentId}`);
  }
  return problems;
}

/**
 * The problems with a swap request against the roster, approved swaps applied: an agent gives
 * away only a shift they hold that date (one they received by a swap counts; one they gave away
 * does not), and with a return date the colleague must hold one on it.
 */
export function swapProblems(
  roster: Roster,
  request: Pick<RequestSwap, 'date' | 'fromAgentId' | 'toAgentId' | 'returnDate'>,
): string[] {
  const problems: string[] = [];
  if (request.fromAgentId === request.toAgentId)
    problems.push('an agent cannot swap with themself');
  if (!hasShiftOn(roster, request.fromAgentId, request.date))
    problems.push(`${request.fromAgentId} has no shift on ${request.date}`);
  if (
    request.returnDate !== undefined &&
    !hasShiftOn(roster, request.toAgentId, request.returnDate)
  )
    problems.push(`${request.toAgentId} has no shift on ${request.returnDate}`);
  return problems;
}
