import { z } from 'zod';
import { Id } from './ids.js';
import { rpc } from './rpc.js';

// ---- Who is on duty — departments, business hours, roster, swaps, routing, SLA ----
// Stored per site by the directory; read (cached) by presence, which decides availability and
// routing. See docs/presence-and-routing.md.

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

/** A local time of day, `HH:MM` (24 h); `24:00` only as an end. */
export const ClockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM');

/** A block of opening time on a weekday; when end ≤ start it runs overnight into the next day. */
export const TimeBlock = z.object({ start: ClockTime, end: ClockTime });
export type TimeBlock = z.infer<typeof TimeBlock>;

/** A one-off closure between two instants (e.g. a team outing). */
export const Closure = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  reason: z.string().max(200).optional(),
});
export type Closure = z.infer<typeof Closure>;

/** Opening hours in the site's time zone: blocks per weekday, holidays, closures. */
export const WeeklyHours = z.object({
  weekly: z.partialRecord(Weekday, z.array(TimeBlock).max(8)),
  /** Local dates closed all day. */
  holidays: z.array(z.iso.date()).max(400).default([]),
  closures: z.array(Closure).max(200).default([]),
});
export type WeeklyHours = z.infer<typeof WeeklyHours>;

/** How a department hands out new chats: ring every eligible agent, or assign the least busy. */
export const RoutingMode = z.enum(['ring-all', 'least-busy']);
export type RoutingMode = z.infer<typeof RoutingMode>;

/** A team of a site (e.g. "Sales", or one per school level). */
export const Department = z.object({
  departmentId: Id,
  name: z.string().trim().min(1).max(80),
  routing: RoutingMode.default('ring-all'),
  /** The department's own hours; absent: the site's. */
  hours: WeeklyHours.optional(),
});
export type Department = z.infer<typeof Department>;

/** An agent's part in duty: their departments and concurrent-chat limit. */
export const AgentDuty = z.object({
  agentId: Id,
  departmentIds: z.array(Id).max(20).default([]),
  maxChats: z.number().int().min(1).max(100).optional(),
});
export type AgentDuty = z.infer<typeof AgentDuty>;

/** Agents on duty in one block of one weekday (optionally for one department). */
export const RosterShift = z.object({
  weekday: Weekday,
  start: ClockTime,
  end: ClockTime,
  agentIds: z.array(Id).max(50),
  departmentId: Id.optional(),
});
export type RosterShift = z.infer<typeof RosterShift>;

export const SwapStatus = z.enum(['requested', 'approved', 'rejected']);
export type SwapStatus = z.infer<typeof SwapStatus>;

/**
 * `fromAgentId` hands their shifts of `date` to `toAgentId` (and, with `returnDate`, takes
 * the other's shifts of that date). Only an approved swap changes who is on duty.
 */
export const ShiftSwap = z.object({
  swapId: Id,
  date: z.iso.date(),
  fromAgentId: Id,
  toAgentId: Id,
  returnDate: z.iso.date().optional(),
  status: SwapStatus,
  requestedBy: Id,
  requestedAt: z.number().int(),
  decidedBy: Id.optional(),
  decidedAt: z.number().int().optional(),
});
export type ShiftSwap = z.infer<typeof ShiftSwap>;

/** Everything a site says about who is on duty; every field has a default. */
export const DutySettings = z.object({
  /** IANA zone the hours and roster are read in (e.g. Asia/Makassar). */
  timeZone: z.string().min(1).max(64).default('UTC'),
  /** The site's hours; absent: always open. */
  hours: WeeklyHours.optional(),
  departments: z.array(Department).max(50).default([]),
  agents: z.array(AgentDuty).max(1000).default([]),
  /** No shifts: duty restricts nobody. */
  roster: z.array(RosterShift).max(500).default([]),
  swaps: z.array(ShiftSwap).max(1000).default([]),
  /** Limit for agents without their own. */
  defaultMaxChats: z.number().int().min(1).max(100).default(5),
  /** First-response SLA: past it an unanswered chat re-alerts agents, then the supervisor. */
  slaSeconds: z.number().int().min(1).max(3600).default(60),
  /** Routing of chats without a department. */
  routing: RoutingMode.default('ring-all'),
  /** The dashboard sets an agent `away` after this many minutes without input (0: never). */
  autoAwayMinutes: z.number().int().min(0).max(480).default(10),
});
export type DutySettings = z.infer<typeof DutySettings>;
export type DutySettingsInput = z.input<typeof DutySettings>;

export const GetDuty = z.object({ siteId: Id });
/** Replaces the duty settings; the swaps on file are kept (they change only through the swap commands). */
export const UpdateDuty = z.object({ siteId: Id, duty: DutySettings.omit({ swaps: true }) });
export const DutyResult = z.object({ duty: DutySettings });

export const RequestSwap = z.object({
  siteId: Id,
  requestedBy: Id,
  date: z.iso.date(),
  fromAgentId: Id,
  toAgentId: Id,
  returnDate: z.iso.date().optional(),
});
export type RequestSwap = z.infer<typeof RequestSwap>;
/** A supervisor's (or admin's) decision; the gateway checks the role. */
export const DecideSwap = z.object({ siteId: Id, swapId: Id, approve: z.boolean(), decidedBy: Id });
export type DecideSwap = z.infer<typeof DecideSwap>;
export const SwapResult = z.object({ swap: ShiftSwap });

/** Announced (core NATS, `dutyChangedSubject`) after any change of a site's duty settings. */
export const DutyChanged = z.object({ siteId: Id });

/** A site's availability as widgets see it (core NATS, `availabilitySubject`), on every change. */
export const AvailabilityChanged = z.object({
  siteId: Id,
  online: z.boolean(),
  /** Per department (only when the site has departments). */
  departments: z.record(z.string(), z.boolean()).default({}),
});
export type AvailabilityChanged = z.infer<typeof AvailabilityChanged>;

/** The detailed availability (presence.availability). */
export const AvailabilityDetail = z.object({
  siteId: Id,
  online: z.boolean(),
  insideHours: z.boolean(),
  /** Agents online, on duty and under their limit. */
  eligibleAgents: z.number().int().min(0),
  /** Who they are (sorted): the agents a new chat without a department would ring now. */
  eligibleAgentIds: z.array(Id).optional(),
  departments: z.record(z.string(), z.boolean()),
  /** ms since epoch of the next opening when closed by hours (within two weeks). */
  nextOpening: z.number().int().optional(),
});
export type AvailabilityDetail = z.infer<typeof AvailabilityDetail>;

/** Ephemeral: a site's duty settings changed (payload DutyChanged); presence drops its cache. */
export const dutyChangedSubject = (siteId: string): string => `sapa.v1.eph.${siteId}.duty`;

/** Ephemeral: a site's availability changed (payload AvailabilityChanged); gateways tell widgets. */
export const availabilitySubject = (siteId: string): string => `sapa.v1.eph.${siteId}.availability`;

/** A new chat to route (presence.route-chat); idempotent per conversation. */
export const RouteChat = z.object({ siteId: Id, conversationId: Id, departmentId: Id.optional() });
export type RouteChat = z.infer<typeof RouteChat>;

/** Why an agent was or was not eligible for a chat, with their load at that moment. */
export const RoutingVerdict = z.object({
  agentId: Id,
  activeChats: z.number().int().min(0),
  maxChats: z.number().int().min(1),
  excludedBecause: z.enum(['not-online', 'at-limit', 'off-duty', 'other-department']).optional(),
});
export type RoutingVerdict = z.infer<typeof RoutingVerdict>;

/** Where a chat went and why (what the assignment record carries). */
export const RoutingResult = z.object({
  mode: RoutingMode,
  kind: z.enum(['assign', 'ring', 'queue']),
  /** `assign`: the agent who got the chat (their load was reserved atomically). */
  agentId: Id.optional(),
  /** `ring`: every eligible agent, to be rung. */
  ring: z.array(Id).optional(),
  verdicts: z.array(RoutingVerdict),
  /** true when the chat had been routed before (the first decision is returned). */
  duplicate: z.boolean(),
});
export type RoutingResult = z.infer<typeof RoutingResult>;

/** A routed chat ended (closed, or returned to the queue): its agent's load goes down. */
export const ReleaseChat = z.object({ siteId: Id, conversationId: Id });
export type ReleaseChat = z.infer<typeof ReleaseChat>;
export const ReleaseChatResult = z.object({ agentId: Id.nullable() });

/**
 * The chats of a site still waiting for an agent (core NATS, `queueSubject`), published after
 * every change of the queue and on each sweep while it is not empty. A gateway tells each
 * waiting visitor their own place; nothing else of the payload leaves the backend.
 */
export const QueueChanged = z.object({
  siteId: Id,
  /** conversationId → place in line (1 = next), counted within the chat's department. */
  positions: z.record(z.string(), z.number().int().min(1)),
  /** conversationId → agents that could take it now (0: nobody free; say so honestly). */
  eligibleAgents: z.record(z.string(), z.number().int().min(0)),
  slaSeconds: z.number().int().min(1),
});
export type QueueChanged = z.infer<typeof QueueChanged>;

/** Ephemeral: the site's waiting queue changed (payload QueueChanged); gateways tell visitors. */
export const queueSubject = (siteId: string): string => `sapa.v1.eph.${siteId}.queue`;

/** The duty commands, spread into the RPC map (`subjects.ts`). */
export const DUTY_RPC = {
  'directory.get-duty': rpc(GetDuty, DutyResult),
  'directory.update-duty': rpc(UpdateDuty, DutyResult),
  'directory.request-swap': rpc(RequestSwap, SwapResult),
  'directory.decide-swap': rpc(DecideSwap, SwapResult),
  'presence.availability': rpc(GetDuty, AvailabilityDetail),
  'presence.route-chat': rpc(RouteChat, RoutingResult),
  'presence.release-chat': rpc(ReleaseChat, ReleaseChatResult),
} as const;
