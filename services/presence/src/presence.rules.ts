import type { AgentPresence, AgentStatus, SiteAvailability } from '@sapa/contracts';

/**
 * The pure core of presence: what an agent's stored state means at a given instant.
 * No I/O here; the store hands over raw state read from Redis, the handlers publish.
 */

/** One socket of an agent, alive until `expiresAt` (ms since epoch) unless refreshed. */
export interface ConnectionLease {
  readonly connectionId: string;
  readonly expiresAt: number;
}

/** Everything stored about one agent of a site. */
export interface AgentRecord {
  readonly agentId: string;
  readonly name: string;
  /** What the agent chose; the effective status may still be `offline` (no live socket). */
  readonly chosenStatus: AgentStatus;
  /** ms since epoch of the last heartbeat from any of the agent's sockets. */
  readonly lastSeenAt: number;
  readonly connections: readonly ConnectionLease[];
}

/**
 * A lease is live strictly before its expiry: at `now === expiresAt` it has lapsed, the
 * same boundary the store uses when it prunes (`ZREMRANGEBYSCORE -inf now`).
 */
export const isLive = (lease: ConnectionLease, now: number): boolean => lease.expiresAt > now;

/** The agent's leases still alive at `now`. */
export const liveConnections = (record: AgentRecord, now: number): readonly ConnectionLease[] =>
  record.connections.filter((lease) => isLive(lease, now));

/**
 * The effective presence at `now`: offline when the agent chose offline or has no live
 * socket (a crashed gateway stops heartbeating, so its sockets lapse); otherwise what the
 * agent chose.
 */
export function effectivePresence(record: AgentRecord, now: number): AgentPresence {
  const connections = liveConnections(record, now).length;
  return {
    agentId: record.agentId,
    name: record.name,
    status: connections === 0 ? 'offline' : record.chosenStatus,
    lastSeenAt: record.lastSeenAt,
    connections,
  };
}

/** What an agent the store knows nothing about looks like: offline, never seen. */
export const unknownAgentPresence = (agentId: string): AgentPresence => ({
  agentId,
  name: '',
  status: 'offline',
  lastSeenAt: 0,
  connections: 0,
});

/**
 * Whether observers must hear about a change. Only the effective status counts: heartbeats
 * move `lastSeenAt` every few seconds and would flood dashboards otherwise.
 */
export const statusChanged = (before: AgentPresence, after: AgentPresence): boolean =>
  before.status !== after.status;

/**
 * A site is available when at least one agent is effectively `online`. An `away` agent is
 * connected but not taking chats, so it does not make the site available.
 */
export function siteAvailability(
  siteId: string,
  agents: readonly AgentPresence[],
): SiteAvailability {
  const agentsOnline = agents.filter((agent) => agent.status === 'online').length;
  return { siteId, online: agentsOnline > 0, agentsOnline, departments: [] };
}

/**
 * The agents a dashboard lists as present: effectively online or away (offline ones are
 * left out), in a stable order (name, then id) so replicas give identical answers.
 */
export function presentAgents(agents: readonly AgentPresence[]): AgentPresence[] {
  return agents
    .filter((agent) => agent.status !== 'offline')
    .sort((a, b) => compare(a.name, b.name) || compare(a.agentId, b.agentId));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
