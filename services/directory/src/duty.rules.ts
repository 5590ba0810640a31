import type { DutySettings, RequestSwap, WeeklyHours } from '@sapa/contracts';

/** The problems with a site's duty settings (empty when valid): what the zod schema cannot see. */
export function dutyProblems(duty: Omit<DutySettings, 'swaps'>): string[] {
  const problems: string[] = [];
  if (!isTimeZone(duty.timeZone)) problems.push(`unknown time zone ${duty.timeZone}`);
  if (duty.hours) problems.push(...hoursProblems('site hours', duty.hours));
  const departmentIds = new Set<string>();
  for (const department of duty.departments) {
    if (departmentIds.has(department.departmentId)) {
      problems.push(`department ${department.departmentId} appears twice`);
    }
    departmentIds.add(department.departmentId);
    if (department.hours)
      problems.push(...hoursProblems(`hours of ${department.departmentId}`, department.hours));
  }
  const agentIds = new Set<string>();
  for (const agent of duty.agents) {
    if (agentIds.has(agent.agentId)) problems.push(`agent ${agent.agentId} appears twice`);
    agentIds.add(agent.agentId);
    for (const departmentId of agent.departmentIds) {
      if (!departmentIds.has(departmentId))
        problems.push(`agent ${agent.agentId}: no department ${departmentId}`);
    }
  }
  for (const shift of duty.roster) {
    if (shift.start === shift.end)
      problems.push(`roster ${shift.weekday} ${shift.start}-${shift.end} is empty`);
    if (shift.start === '24:00')
      problems.push(`roster ${shift.weekday}: a shift cannot start at 24:00`);
    if (shift.departmentId !== undefined && !departmentIds.has(shift.departmentId)) {
      problems.push(`roster ${shift.weekday} ${shift.start}: no department ${shift.departmentId}`);
    }
  }
  return problems;
}

/** The problems with a swap request against the roster (empty when it may be filed). */
export function swapProblems(duty: DutySettings, request: RequestSwap): string[] {
  const problems: string[] = [];
  if (request.fromAgentId === request.toAgentId)
    problems.push('an agent cannot swap with themself');
  if (!hasShift(duty, request.fromAgentId, request.date)) {
    problems.push(`${request.fromAgentId} has no shift on ${request.date}`);
  }
  if (request.returnDate !== undefined && !hasShift(duty, request.toAgentId, request.returnDate)) {
    problems.push(`${request.toAgentId} has no shift on ${request.returnDate}`);
  }
  return problems;
}

function hasShift(duty: DutySettings, agentId: string, date: string): boolean {
  const weekday = weekdayOf(date);
  return duty.roster.some((shift) => shift.weekday === weekday && shift.agentIds.includes(agentId));
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const weekdayOf = (date: string): string =>
  WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';

function hoursProblems(what: string, hours: WeeklyHours): string[] {
  const problems: string[] = [];
  for (const [weekday, blocks] of Object.entries(hours.weekly)) {
    for (const block of blocks ?? []) {
      if (block.start === block.end)
        problems.push(`${what}: ${weekday} ${block.start}-${block.end} is empty`);
      if (block.start === '24:00')
        problems.push(`${what}: ${weekday} a block cannot start at 24:00`);
    }
  }
  for (const closure of hours.closures) {
    if (Date.parse(closure.to) <= Date.parse(closure.from)) {
      problems.push(`${what}: closure ${closure.from}..${closure.to} ends before it starts`);
    }
  }
  return problems;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
