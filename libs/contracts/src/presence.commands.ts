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
/** A department as a visitor may pick it (pre-chat and offline forms), with its availability. */
export const PublicDepartment = z.object({
  departmentId: Id,
  name: z.string(),
  online: z.boolean(),
});
export type PublicDepartment = z.infer<typeof PublicDepartment>;

export const SiteAvailability = z.object({
  siteId: Id,
  /** true when at least one agent is online (not away) with a live heartbeat. */
  online: z.boolean(),
  agentsOnline: z.number().int().min(0),
  /** The site's departments, for the widget's forms; empty when it has none. */
  departments: z.array(PublicDepartment).default([]),
});
export type SiteAvailability = z.infer<typeof SiteAvailability>;

export const OnlineAgentsResult = z.object({ agents: z.array(AgentPresence) });

// ---- Live visitors: who is on the site right now, for the dashboard's live list ----

/** The kind of device a visitor browses with, guessed from the user agent by the gateway. */
export const VisitorDevice = z.enum(['desktop', 'mobile', 'tablet']);
export type VisitorDevice = z.infer<typeof VisitorDevice>;

/** The page a visitor is on (as reported by the widget; url may be empty before the first report). */
export const LiveVisitorPage = z.object({
  url: z.string().max(2048),
  title: z.string().max(500).optional(),
  referrer: z.string().max(2048).optional(),
});
export type LiveVisitorPage = z.infer<typeof LiveVisitorPage>;

/** What the gateway knows about a visitor's browser and identity (all optional). */
export const LiveVisitorInfo = z.object({
  name: z.string().max(120).optional(),
  email: z.string().max(254).optional(),
  device: VisitorDevice.optional(),
  language: z.string().max(64).optional(),
  userAgent: z.string().max(512).optional(),
  timeZone: z.string().max(64).optional(),
  /** The conversation the visitor has open, if any. */
  conversationId: Id.optional(),
});
export type LiveVisitorInfo = z.infer<typeof LiveVisitorInfo>;

/**
 * Sent by the gateway for every visitor socket: on connect, on every navigation and on its
 * presence heartbeat tick. Each call keeps the socket's lease alive for PRESENCE_TTL_MS.
 */
export const VisitorSeen = z.object({
  siteId: Id,
  visitorId: Id,
  connectionId: Id,
  page: LiveVisitorPage,
  info: LiveVisitorInfo.default({}),
  /**
   * true on the heartbeat tick: renews the lease and keeps the stored page and info (so two
   * tabs beating in turn do not flip the live list); they are stored only if nothing is.
   */
  refresh: z.boolean().optional(),
});
export type VisitorSeen = z.infer<typeof VisitorSeen>;

/** Most visitor sockets one `presence.visitors-seen` carries. */
export const VISITORS_SEEN_BATCH_MAX = 500;

/**
 * Many sockets' `visitor-seen` in one request: what a gateway's presence tick renews, and the
 * sockets that opened in the last few milliseconds. Each entry is stored on its own.
 */
export const VisitorsSeen = z.object({
  visitors: z.array(VisitorSeen).min(1).max(VISITORS_SEEN_BATCH_MAX),
});
export type VisitorsSeen = z.infer<typeof VisitorsSeen>;

/** Sent by the gateway when a visitor socket closes. Idempotent. */
export const VisitorGone = z.object({ siteId: Id, visitorId: Id, connectionId: Id });
export type VisitorGone = z.infer<typeof VisitorGone>;

/** Many closed sockets in one request (a gateway's sockets closing together). */
export const VisitorsGone = z.object({
  visitors: z.array(VisitorGone).min(1).max(VISITORS_SEEN_BATCH_MAX),
});
export type VisitorsGone = z.infer<typeof VisitorsGone>;

/** One visitor on a site right now (the union of their open sockets; the latest page wins). */
export const LiveVisitor = z.object({
  visitorId: Id,
  name: z.string().optional(),
  email: z.string().optional(),
  url: z.string(),
  title: z.string().optional(),
  referrer: z.string().optional(),
  device: VisitorDevice.optional(),
  language: z.string().optional(),
  userAgent: z.string().optional(),
  timeZone: z.string().optional(),
  /** ms since epoch when the visitor's current visit began (time on site = lastSeenAt - connectedAt). */
  connectedAt: z.number().int(),
  /** ms since epoch of the latest sign of life from any of the visitor's sockets. */
  lastSeenAt: z.number().int(),
  conversationId: Id.optional(),
});
export type LiveVisitor = z.infer<typeof LiveVisitor>;

export const VisitorSeenResult = z.object({ visitor: LiveVisitor });
/** How many entries were stored, and how many failed (logged by presence). */
export const VisitorsSeenResult = z.object({
  stored: z.number().int().min(0),
  failed: z.number().int().min(0),
});
/** `visitor` is null when the visitor left (their last socket closed) or was unknown. */
export const VisitorGoneResult = z.object({ visitor: LiveVisitor.nullable() });
/** How many entries were removed, and how many failed (logged by presence). */
export const VisitorsGoneResult = z.object({
  removed: z.number().int().min(0),
  failed: z.number().int().min(0),
});
export const LiveVisitorsResult = z.object({ visitors: z.array(LiveVisitor) });

/**
 * Announced on `liveVisitorsSubject(siteId)` (core NATS) when a visitor arrives, changes page
 * or identity, or leaves (socket closed or lease lapsed). Not sent for plain heartbeats.
 */
export const LiveVisitorsChanged = z.object({
  siteId: Id,
  visitorId: Id,
  change: z.enum(['arrived', 'updated', 'left']),
  /** The visitor as now; absent when they left. */
  visitor: LiveVisitor.optional(),
});
export type LiveVisitorsChanged = z.infer<typeof LiveVisitorsChanged>;
