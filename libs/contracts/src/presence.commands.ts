import { z } from 'zod';
import { Id } from './ids.js';

/** What an agent says about themself. `offline` removes them from routing at once. */
export const AgentStatus = z.enum(['online', 'away', 'offline']);
export type AgentStatus = z.infer<typeof AgentStatus>;

/** Sent by the gateway for every agent socket, on connect and then periodically. */
export const AgentHeartbeat = z.object({
  siteId: Id,
  agentId: Id,
  agentName: z.string().min(1).max(120),
  connectionId: Id,
});
export type AgentHeartbeat = z.infer<typeof AgentHeartbeat>;

export const AgentDisconnected = z.object({ siteId: Id, agentId: Id, connectionId: Id });
export type AgentDisconnected = z.infer<typeof AgentDisconnected>;

export const SetAgentStatus = z.object({ siteId: Id, agentId: Id, status: AgentStatus });
export type SetAgentStatus = z.infer<typeof SetAgentStatus>;

export const AgentPresence = z.object({
  agentId: Id,
  name: z.string(),
  status: AgentStatus,
  /** ms since epoch of the last heartbeat from any of the agent's sockets. */
  lastSeenAt: z.number().int(),
  connections: z.number().int().min(0),
});
export type AgentPresence = z.infer<typeof AgentPresence>;

export const AgentPresenceResult = z.object({ agent: AgentPresence });

export const SiteQuery = z.object({ siteId: Id });
export const SiteAvailability = z.object({
  siteId: Id,
  /** true when at least one agent is online (not away) with a live heartbeat. */
  online: z.boolean(),
  agentsOnline: z.number().int().min(0),
});
export type SiteAvailability = z.infer<typeof SiteAvailability>;

export const OnlineAgentsResult = z.object({ agents: z.array(AgentPresence) });
