import { z } from 'zod';
import { Id, ClientId, Version } from './ids.js';
import { Actor, AgentActor, VisitorActor } from './actors.js';

/** Limits on visitor-typed text. The frame limit (64 KiB) is enforced separately at the gateway. */
export const MESSAGE_TEXT_MAX = 10_000;

export const PageInfo = z.object({
  url: z.string().max(2048),
  title: z.string().max(500).optional(),
  referrer: z.string().max(2048).optional(),
});
export type PageInfo = z.infer<typeof PageInfo>;

export const PreChatFields = z.object({
  name: z.string().trim().max(120).optional(),
  email: z.email().max(254).optional(),
  question: z.string().max(MESSAGE_TEXT_MAX).optional(),
});
export type PreChatFields = z.infer<typeof PreChatFields>;

export const MessageText = z
  .string()
  .max(MESSAGE_TEXT_MAX)
  .refine((text) => text.trim().length > 0, 'must not be empty');

/** Event metadata: who caused it and how to trace it back. */
export const EventMetadata = z.object({
  actor: Actor.optional(),
  correlationId: z.string().max(128).optional(),
  causationId: z.string().max(128).optional(),
  traceparent: z.string().max(128).optional(),
  tracestate: z.string().max(512).optional(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

// ---- Conversation stream: `conversation-<conversationId>` ---------------------------------

export const ConversationStarted = z.object({
  type: z.literal('ConversationStarted'),
  data: z.object({
    conversationId: Id,
    siteId: Id,
    visitorId: Id,
    page: PageInfo.optional(),
    preChat: PreChatFields.optional(),
  }),
});

export const MessagePosted = z.object({
  type: z.literal('MessagePosted'),
  data: z.object({
    messageId: Id,
    clientMessageId: ClientId,
    author: z.discriminatedUnion('kind', [VisitorActor, AgentActor]),
    text: MessageText,
  }),
});

/** The first agent reply claims an unassigned chat; every other agent is told through this event. */
export const ChatClaimed = z.object({
  type: z.literal('ChatClaimed'),
  data: z.object({ agentId: Id, agentName: z.string().min(1).max(120) }),
});

export const AgentJoined = z.object({
  type: z.literal('AgentJoined'),
  data: z.object({ agentId: Id, agentName: z.string().min(1).max(120) }),
});

export const ConversationClosed = z.object({
  type: z.literal('ConversationClosed'),
  data: z.object({ closedBy: Actor }),
});

export const ConversationEvent = z.discriminatedUnion('type', [
  ConversationStarted,
  MessagePosted,
  ChatClaimed,
  AgentJoined,
  ConversationClosed,
]);
export type ConversationEvent = z.infer<typeof ConversationEvent>;
export type ConversationEventType = ConversationEvent['type'];

// ---- Visitor stream: `visitor-<visitorId>` ------------------------------------------------
// Serialises "start a conversation" per visitor, so parallel starts create exactly one.

export const VisitorConversationOpened = z.object({
  type: z.literal('VisitorConversationOpened'),
  data: z.object({ visitorId: Id, siteId: Id, conversationId: Id }),
});
export const VisitorEvent = z.discriminatedUnion('type', [VisitorConversationOpened]);
export type VisitorEvent = z.infer<typeof VisitorEvent>;

/** Every domain event type Sapa stores. */
export const DomainEvent = z.discriminatedUnion('type', [
  ...ConversationEvent.options,
  ...VisitorEvent.options,
]);
export type DomainEvent = z.infer<typeof DomainEvent>;
export type DomainEventType = DomainEvent['type'];

/** The category of a stream id (`conversation-abc` → `conversation`); also a NATS subject token. */
export const StreamCategory = z.enum(['conversation', 'visitor']);
export type StreamCategory = z.infer<typeof StreamCategory>;

/**
 * An event as stored (one MongoDB document) and as published on JetStream.
 * `id` is globally unique and doubles as the JetStream message id for de-duplication.
 */
export const StoredEventSchema = z.object({
  id: Id,
  stream: z.string().min(1).max(140),
  version: Version,
  siteId: Id,
  type: z.string().min(1).max(64),
  data: z.unknown(),
  metadata: EventMetadata,
  time: z.iso.datetime(),
});
export interface StoredEvent<E extends { type: string; data: unknown } = DomainEvent> {
  readonly id: string;
  readonly stream: string;
  readonly version: number;
  readonly siteId: string;
  readonly type: E['type'];
  readonly data: E['data'];
  readonly metadata: EventMetadata;
  /** ISO-8601 time at which the event was stored. */
  readonly time: string;
}

/** Parses a stored event's type and data against the schema of its type. */
export function parseDomainEvent(event: { type: string; data: unknown }): DomainEvent {
  return DomainEvent.parse({ type: event.type, data: event.data });
}

/** An event as sent to a browser: no metadata (correlation ids and trace context stay inside). */
export interface ClientEvent {
  readonly id: string;
  readonly conversationId: string;
  readonly version: number;
  readonly type: ConversationEventType;
  readonly data: ConversationEvent['data'];
  readonly time: string;
}
