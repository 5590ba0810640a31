import { callApi } from './rest.js';

/**
 * Duty REST (docs/presence-and-routing.md; the gateway's `duty.routes.ts`): the dashboard's
 * loose view of `DutySettings` and its parts from libs/contracts. Fields the dashboard does
 * not edit (closures, a department's own hours, anything added later) are carried through
 * untouched, so saving never drops them.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type RoutingMode = 'ring-all' | 'least-busy';

/** A local time block `HH:MM`–`HH:MM`; when end ≤ start it runs overnight. */
export interface TimeBlock {
  readonly start: string;
  readonly end: string;
}

export interface WeeklyHours {
  readonly weekly: Partial<Record<Weekday, readonly TimeBlock[]>>;
  readonly holidays?: readonly string[];
  readonly closures?: readonly unknown[];
}

export interface Department {
  readonly departmentId: string;
  readonly name: string;
  readonly routing?: RoutingMode;
  readonly hours?: WeeklyHours;
}

export interface AgentDuty {
  readonly agentId: string;
  readonly departmentIds?: readonly string[];
  readonly maxChats?: number;
}

export interface RosterShift {
  readonly weekday: Weekday;
  readonly start: string;
  readonly end: string;
  readonly agentIds: readonly string[];
  readonly departmentId?: string;
}

export type SwapStatus = 'requested' | 'approved' | 'rejected';

export interface ShiftSwap {
  readonly swapId: string;
  readonly date: string;
  readonly fromAgentId: string;
  readonly toAgentId: string;
  readonly returnDate?: string;
  readonly status: SwapStatus;
  readonly requestedBy: string;
  readonly requestedAt: number;
  readonly decidedBy?: string;
  readonly decidedAt?: number;
}

/** A site's duty settings as `GET /api/v1/site/duty` returns them (defaults filled in). */
export interface DutySettings {
  readonly timeZone: string;
  readonly hours?: WeeklyHours;
  readonly departments: readonly Department[];
  readonly agents: readonly AgentDuty[];
  readonly roster: readonly RosterShift[];
  readonly swaps: readonly ShiftSwap[];
  readonly defaultMaxChats: number;
  readonly slaSeconds: number;
  readonly routing: RoutingMode;
  /** 0: never set away automatically (absent from gateways older than issue 4). */
  readonly autoAwayMinutes?: number;
}

/** What `PUT /api/v1/site/duty` takes: everything but the swaps. */
export type DutyUpdate = Omit<DutySettings, 'swaps'>;

/** `GET /api/v1/site/availability`: what widgets are told, and who a new chat would ring. */
export interface Availability {
  readonly online: boolean;
  readonly insideHours: boolean;
  readonly eligibleAgents: number;
  readonly eligibleAgentIds?: readonly string[];
  readonly departments: Readonly<Record<string, boolean>>;
  /** Epoch ms of the next opening, when closed by the hours. */
  readonly nextOpening?: number;
}

export interface SwapRequest {
  readonly date: string;
  readonly toAgentId: string;
  readonly fromAgentId?: string;
  readonly returnDate?: string;
}

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
