/**
 * Pure routing decisions: who may take a new chat, and (for auto-assignment) who gets it.
 * The I/O shell gathers the candidates (presence, roster, departments, loads) and records
 * the decision with its reasons, so every assignment can be explained afterwards.
 */

/** How a department hands out new chats. */
export type RoutingMode = 'ring-all' | 'least-busy';

/** An agent as routing sees them at the moment of a decision. */
export interface RoutingCandidate {
  readonly agentId: string;
  /** Effective presence status; only `online` takes chats. */
  readonly status: 'online' | 'away' | 'offline';
  /** Open chats the agent holds now. */
  readonly activeChats: number;
  /** The agent's concurrent-chat limit. */
  readonly maxChats: number;
  /** Whether the roster has them on duty now (true when the site keeps no roster). */
  readonly onDuty: boolean;
  /** Departments the agent belongs to. */
  readonly departmentIds: readonly string[];
}

/** Why an agent could or could not take the chat (recorded with every decision). */
export type Ineligibility = 'not-online' | 'at-limit' | 'off-duty' | 'other-department';

export interface CandidateVerdict {
  readonly agentId: string;
  readonly activeChats: number;
  readonly maxChats: number;
  /** undefined: eligible. */
  readonly excludedBecause?: Ineligibility;
}

export type RoutingDecision =
  | {
      readonly kind: 'ring';
      readonly ring: readonly string[];
      readonly verdicts: readonly CandidateVerdict[];
    }
  | {
      readonly kind: 'assign';
      readonly agentId: string;
      readonly verdicts: readonly CandidateVerdict[];
    }
  | { readonly kind: 'queue'; readonly verdicts: readonly CandidateVerdict[] };

/** Judges one candidate; the first failing rule is the reason recorded. */
export function judge(
  candidate: RoutingCandidate,
  departmentId: string | undefined,
): CandidateVerdict {
  const base = {
    agentId: candidate.agentId,
    activeChats: candidate.activeChats,
    maxChats: candidate.maxChats,
  };
  if (candidate.status !== 'online') return { ...base, excludedBecause: 'not-online' };
  if (!candidate.onDuty) return { ...base, excludedBecause: 'off-duty' };
  if (departmentId !== undefined && !candidate.departmentIds.includes(departmentId)) {
    return { ...base, excludedBecause: 'other-department' };
  }
  if (candidate.activeChats >= candidate.maxChats) return { ...base, excludedBecause: 'at-limit' };
  return base;
}

/**
 * Decides where a new chat goes. Production uses it for `ring-all`; for `least-busy` the
 * decision has to be atomic with the reservation, so Redis runs its twin (`ASSIGN_LUA` in
 * `routing.scripts.ts`) and this function is the specification that script is proven against
 * (`routing.model.int.test.ts`: generated sites, loads and cursors, real Redis). `ring-all` rings every eligible agent (the first to claim
 * takes it); `least-busy` assigns the eligible agent with the fewest open chats, ties broken
 * round-robin: the first agent id after `lastAssignedAgentId`, wrapping around. Nobody
 * eligible: the chat waits in the queue.
 */
export function decideRoute(input: {
  readonly mode: RoutingMode;
  readonly candidates: readonly RoutingCandidate[];
  readonly departmentId?: string | undefined;
  readonly lastAssignedAgentId?: string | undefined;
}): RoutingDecision {
  const verdicts = [...input.candidates]
    .sort((a, b) => compare(a.agentId, b.agentId))
    .map((candidate) => judge(candidate, input.departmentId));
  const eligible = verdicts.filter((verdict) => verdict.excludedBecause === undefined);
  if (eligible.length === 0) return { kind: 'queue', verdicts };
  if (input.mode === 'ring-all') {
    return { kind: 'ring', ring: eligible.map((verdict) => verdict.agentId), verdicts };
  }
  const least = Math.min(...eligible.map((verdict) => verdict.activeChats));
  const tied = eligible
    .filter((verdict) => verdict.activeChats === least)
    .map((verdict) => verdict.agentId);
  const last = input.lastAssignedAgentId;
  const next =
    (last === undefined ? undefined : tied.find((agentId) => compare(agentId, last) > 0)) ??
    tied[0];
  return { kind: 'assign', agentId: next as string, verdicts };
}

/** Plain code-unit order, the same on every replica whatever its locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
