import { z } from 'zod';
import { Id, ClientId, Version } from './ids.js';
import { Actor, AgentActor, VisitorActor } from './actors.js';
import { MessageText, PageInfo, PreChatFields, StoredEventSchema } from './events.js';

/**
 * Commands handled by services/chat. The gateway fills `siteId` and the actor from the
 * authenticated socket, never from what the client sent.
 */

export const StartConversation = z.object({
  siteId: Id,
  visitor: VisitorActor,
  page: PageInfo.optional(),
  preChat: PreChatFields.optional(),
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
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const ListConversations = z.object({
  siteId: Id,
  status: ConversationStatus.optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ListConversations = z.infer<typeof ListConversations>;
export const ListConversationsResult = z.object({ conversations: z.array(ConversationSummary) });
