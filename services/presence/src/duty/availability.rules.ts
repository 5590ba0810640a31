import type { AgentPresence, AvailabilityDetail, DutySettings, WeeklyHours } from '@sapa/contracts';
import { isOpenAt, nextOpening, onDutyAt, rosterOf, type BusinessHours } from '@sapa/domain';
import { judge, type RoutingCandidate } from './routing.rules.js';

/** The hours of the site, or of one department (its own, else the site's), in the site's zone. */
export function hoursOf(duty: DutySettings, departmentId?: string): BusinessHours | undefined {
  const own = duty.departments.find(
    (department) => department.departmentId === departmentId,
  )?.hours;
  const hours: WeeklyHours | undefined = own ?? duty.hours;
  return hours ? { timeZone: duty.timeZone, ...hours } : undefined;
}

/**
 * The routing candidates of a site at an instant: every agent presence lists, with their
 * load, limit, departments and whether the roster has them on duty (for the department).
 */
export function candidatesOf(input: {
  readonly duty: DutySettings;
  readonly agents: readonly AgentPresence[];
  readonly loads: Readonly<Record<string, number>>;
  readonly now: number;
  readonly departmentId?: string | undefined;
}): RoutingCandidate[] {
  const { duty, now } = input;
  const onDuty = onDutyAt(rosterOf(duty), now, input.departmentId);
  return input.agents.map((agent) => {
    const settings = duty.agents.find((entry) => entry.agentId === agent.agentId);
    return {
      agentId: agent.agentId,
      status: agent.status,
      activeChats: input.loads[agent.agentId] ?? 0,
      maxChats: settings?.maxChats ?? duty.defaultMaxChats,
      onDuty: onDuty === undefined || onDuty.includes(agent.agentId),
      departmentIds: settings?.departmentIds ?? [],
    };
  });
}

/**
 * Whether visitors can chat now: inside the hours AND at least one agent online, on duty and
 * under their limit, for the site and for each department (a department needs one of its own
 * members). Closed by hours, it also says when the site opens next.
 */
export function availabilityOf(input: {
  readonly siteId: string;
  readonly duty: DutySettings;
  readonly agents: readonly AgentPresence[];
  readonly loads: Readonly<Record<string, number>>;
  readonly now: number;
}): AvailabilityDetail {
  const { duty, now } = input;
  const siteHours = hoursOf(duty);
  const insideHours = isOpenAt(siteHours, now);
  const eligible = candidatesOf(input).filter(
    (candidate) => judge(candidate, undefined).excludedBecause === undefined,
  );
  const departments: Record<string, boolean> = {};
  for (const department of duty.departments) {
    const id = department.departmentId;
    departments[id] =
      isOpenAt(hoursOf(duty, id), now) &&
      candidatesOf({ ...input, departmentId: id }).some(
        (candidate) => judge(candidate, id).excludedBecause === undefined,
      );
  }
  const opening = insideHours ? undefined : nextOpening(siteHours, now);
  return {
    siteId: input.siteId,
    online: insideHours && eligible.length > 0,
    insideHours,
    eligibleAgents: eligible.length,
    eligibleAgentIds: eligible.map((candidate) => candidate.agentId).sort(),
    departments,
    ...(opening === undefined ? {} : { nextOpening: opening }),
  };
}
