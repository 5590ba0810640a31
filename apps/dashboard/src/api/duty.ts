import type { AvailabilityDetail, DutySettings, RequestSwap, ShiftSwap } from '@sapa/contracts';
import { callApi } from './rest.js';

/**
 * Duty REST (docs/presence-and-routing.md; the gateway's `duty.routes.ts`), typed by the
 * schemas of libs/contracts. The form edits part of the settings; what it does not edit
 * (closures, a department's own hours) is carried through untouched, so saving never drops it.
 */

export type {
  AgentDuty,
  Department,
  DutySettings,
  RosterShift,
  RoutingMode,
  ShiftSwap,
  TimeBlock,
  Weekday,
} from '@sapa/contracts';

/** What `PUT /api/v1/site/duty` takes: everything but the swaps. */
export type DutyUpdate = Omit<DutySettings, 'swaps'>;

/** `GET /api/v1/site/availability`: what widgets are told, and who a new chat would ring. */
export type Availability = Omit<AvailabilityDetail, 'siteId'>;

/** `POST /api/v1/site/duty/swaps`: the gateway adds the site and who asks (`fromAgentId`: them). */
export type SwapRequest = Pick<RequestSwap, 'date' | 'toAgentId' | 'returnDate'> &
  Partial<Pick<RequestSwap, 'fromAgentId'>>;

type Token = () => Promise<string>;

export async function getDuty(token: Token): Promise<DutySettings> {
  return (await callApi<{ duty: DutySettings }>('/site/duty', { token: await token() })).duty;
}

export async function saveDuty(token: Token, duty: DutyUpdate): Promise<DutySettings> {
  const body = await callApi<{ duty: DutySettings }>('/site/duty', {
    method: 'PUT',
    token: await token(),
    body: { duty },
  });
  return body.duty;
}

export async function getAvailability(token: Token): Promise<Availability> {
  return callApi<Availability>('/site/availability', { token: await token() });
}

export async function requestSwap(token: Token, request: SwapRequest): Promise<ShiftSwap> {
  const body = await callApi<{ swap: ShiftSwap }>('/site/duty/swaps', {
    method: 'POST',
    token: await token(),
    body: request,
  });
  return body.swap;
}

/** Supervisors and admins only; anyone else gets `forbidden` (403). */
export async function decideSwap(
  token: Token,
  swapId: string,
  approve: boolean,
): Promise<ShiftSwap> {
  const body = await callApi<{ swap: ShiftSwap }>(
    `/site/duty/swaps/${encodeURIComponent(swapId)}/decision`,
    { method: 'POST', token: await token(), body: { approve } },
  );
  return body.swap;
}

/** A colleague as the team list shows them (no e-mail). */
export interface TeamMember {
  readonly agentId: string;
  readonly name: string;
  readonly role: 'admin' | 'supervisor' | 'agent';
}

/** The site's agents, for picking them by name in the roster and swaps. */
export async function getTeam(token: Token): Promise<readonly TeamMember[]> {
  return (await callApi<{ agents: TeamMember[] }>('/site/agents', { token: await token() })).agents;
}
