import { z } from 'zod';
import { Id, ClientId, Version } from './ids.js';
import { Actor, AgentActor, VisitorActor } from './actors.js';
import { RoutingMode, RoutingVerdict } from './duty.commands.js';
import {
  Escalation,
  PreChatFields,
  Rating,
  StoredEventSchema,
  VisitorAttributes,
  VisitorInfo,
} from './events.js';
import {
  Email,
  MessageText,
  OfflineMessageFields,
  PageInfo,
  PageTitle,
  PageUrl,
  PersonName,
} from './fields.js';
import { RATING_COMMENT_MAX } from './limits.js';

/**
 * Commands handled by services/chat. The gateway fills `siteId` and the actor from the
 * authenticated socket, never from what the client sent.
 */

export const StartConversation = z.object({
  siteId: Id,
  visitor: VisitorActor,
  page: PageInfo.optional(),
  preChat: PreChatFields.optional(),
  /** Proactive chat: the agent who starts it (the event's actor); the visitor only receives it. */
  startedBy: AgentActor.optional(),
  department: Id.optional(),
  visitorInfo: VisitorInfo.optional(),
});
export type StartConversation = z.infer<typeof StartConversation>;
export const StartConversationResult = z.object({
  conversationId: Id,
  version: Version,
  /** false when the visitor already had an open conversation, which is returned instead. */
  created: z.boolean(),
});

export const PostMessage = z.object({
  siteId: Id,
  conversationId: Id,
  author: z.discriminatedUnion('kind', [VisitorActor, AgentActor]),
  clientMessageId: ClientId,
  text: MessageText,
});
export type PostMessage = z.infer<typeof PostMessage>;
export const PostMessageResult = z.object({
  messageId: Id,
  version: Version,
  /** true when this clientMessageId was already stored: the resend was not stored again. */
  duplicate: z.boolean(),
});

export const JoinConversation = z.object({ siteId: Id, conversationId: Id, agent: AgentActor });
export type JoinConversation = z.infer<typeof JoinConversation>;

export const CloseConversation = z.object({ siteId: Id, conversationId: Id, by: Actor });
export type CloseConversation = z.infer<typeof CloseConversation>;

export const VersionResult = z.object({ version: Version });

export const ReadConversation = z.object({
  siteId: Id,
  conversationId: Id,
  /** Return events with a version greater than this (0 = from the start). */
  afterVersion: Version.default(0),
  limit: z.number().int().min(1).max(1000).default(500),
});
export type ReadConversation = z.infer<typeof ReadConversation>;
export const ReadConversationResult = z.object({ events: z.array(StoredEventSchema) });

export const FindVisitorConversation = z.object({ siteId: Id, visitorId: Id });
export const FindVisitorConversationResult = z.object({
  conversationId: Id.nullable(),
  version: Version,
  status: z.enum(['open', 'closed']).nullable(),
});

export const ConversationStatus = z.enum(['open', 'closed']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

/** A row of the conversation-list read model. */
export const ConversationSummary = z.object({
  conversationId: Id,
  siteId: Id,
  visitorId: Id,
  visitorName: z.string().nullable(),
  visitorEmail: z.string().nullable(),
  status: ConversationStatus,
  assigneeId: Id.nullable(),
  assigneeName: z.string().nullable(),
  participantIds: z.array(Id),
  messageCount: z.number().int().min(0),
  lastMessageText: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
  startedAt: z.string(),
  closedAt: z.string().nullable(),
  version: Version,
  // Optional: rows projected before these fields existed lack them (a rebuild fills them).
  /** The latest rating (the last one wins). */
  rating: Rating.nullable().optional(),
  ratingComment: z.string().nullable().optional(),
  /** The page the visitor is on (start page, then every VisitorNavigated). */
  currentUrl: z.string().nullable().optional(),
  currentTitle: z.string().nullable().optional(),
  /** true once the host page identified the visitor with a correct HMAC. */
  visitorVerified: z.boolean().optional(),
  /** The agent who started a proactive chat. */
  startedById: Id.nullable().optional(),
  department: Id.nullable().optional(),
  minimized: z.boolean().optional(),
  whisperCount: z.number().int().min(0).optional(),
  transcriptEmail: z.string().nullable().optional(),
  /** The highest SLA escalation of a chat still unanswered (cleared when requeued). */
  escalation: Escalation.nullable().optional(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const ListConversations = z.object({
  siteId: Id,
  status: ConversationStatus.optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ListConversations = z.infer<typeof ListConversations>;
export const ListConversationsResult = z.object({ conversations: z.array(ConversationSummary) });

// ---- Widget and dashboard: whispers, visitor requests, offline messages, search -----------

/** An internal note between agents: the author must be a participant, or the chat unclaimed. */
export const PostWhisper = z.object({
  siteId: Id,
  conversationId: Id,
  author: AgentActor,
  clientMessageId: ClientId,
  text: MessageText,
});
export type PostWhisper = z.infer<typeof PostWhisper>;

/** The visitor's own conversation signals; each is refused for another visitor's conversation. */
const VisitorSignal = { siteId: Id, conversationId: Id, visitor: VisitorActor };

export const RecordNavigation = z.object({
  ...VisitorSignal,
  url: PageUrl,
  title: PageTitle.optional(),
});
export type RecordNavigation = z.infer<typeof RecordNavigation>;

export const ToggleChatWindow = z.object({
  ...VisitorSignal,
  minimized: z.boolean(),
});
export type ToggleChatWindow = z.infer<typeof ToggleChatWindow>;

export const RateConversation = z.object({
  ...VisitorSignal,
  rating: Rating,
  comment: z.string().max(RATING_COMMENT_MAX).optional(),
});
export type RateConversation = z.infer<typeof RateConversation>;

export const RequestTranscript = z.object({ ...VisitorSignal, email: Email });
export type RequestTranscript = z.infer<typeof RequestTranscript>;

export const IdentifyVisitor = z.object({
  ...VisitorSignal,
  name: PersonName.optional(),
  email: Email.optional(),
  verified: z.boolean(),
  attributes: VisitorAttributes.optional(),
});
export type IdentifyVisitor = z.infer<typeof IdentifyVisitor>;

/** The widget's offline form: stored as OfflineMessageLeft on its own stream. */
export const LeaveOfflineMessage = z.object({
  siteId: Id,
  visitorId: Id,
  ...OfflineMessageFields,
});
export type LeaveOfflineMessage = z.infer<typeof LeaveOfflineMessage>;
export const LeaveOfflineMessageResult = z.object({ offlineMessageId: Id, version: Version });

/**
 * History search over the conversation list. `text` matches message text (case-insensitive
 * substring), `visitor` the visitor's name or e-mail; `from`/`to` bound the start time.
 */
export const SearchConversations = z.object({
  siteId: Id,
  text: z.string().trim().min(1).max(200).optional(),
  visitor: z.string().trim().min(1).max(254).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  status: ConversationStatus.optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type SearchConversations = z.infer<typeof SearchConversations>;

// ---- Routing and the first-response SLA (presence decides, chat records) -----------------

/**
 * Records where presence sent a chat (ConversationRouted). `assign` also claims the chat for
 * `assignedTo` (ChatClaimed, so the visitor sees who took it). Refused silently (applied:
 * false) when it no longer fits: the chat is closed, already routed for this cause, already
 * claimed (for `started`/`retried`), or no longer `previousAgentId`'s (for `requeued`).
 */
export const RecordRouting = z.object({
  siteId: Id,
  conversationId: Id,
  cause: z.enum(['started', 'requeued', 'retried']),
  mode: RoutingMode,
  outcome: z.enum(['ring', 'assign', 'queue']),
  agentIds: z.array(Id),
  assignedTo: AgentActor.optional(),
  previousAgentId: Id.optional(),
  department: Id.optional(),
  verdicts: z.array(RoutingVerdict),
});
export type RecordRouting = z.infer<typeof RecordRouting>;

/** Records an SLA escalation (ConversationEscalated); a no-op once answered, closed or done. */
export const RecordEscalation = z.object({
  siteId: Id,
  conversationId: Id,
  level: Escalation,
  slaSeconds: z.number().int().min(1),
  waitedSeconds: z.number().int().min(0),
  agentIds: z.array(Id),
});
export type RecordEscalation = z.infer<typeof RecordEscalation>;

/**
 * Whether a recording command stored anything, the stream's version after it, and whether the
 * chat is still open (a closed or unknown one is dropped from routing's state).
 */
export const RecordResult = z.object({ version: Version, applied: z.boolean(), open: z.boolean() });
