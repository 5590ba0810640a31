import { z } from 'zod';
import { Id, ClientId, Version } from './ids.js';
import { Actor, AgentActor, VisitorActor } from './actors.js';
import { TicketEvent } from './tickets.events.js';
import { RoutingMode, RoutingVerdict } from './duty.commands.js';
import {
  Email,
  LanguageTag,
  MessageText,
  OfflineMessageFields,
  PageInfo,
  PageTitle,
  PageUrl,
  PersonName,
} from './fields.js';
import {
  ATTRIBUTE_KEY_MAX,
  ATTRIBUTE_VALUE_MAX,
  MESSAGE_TEXT_MAX,
  NAME_MAX,
  RATING_COMMENT_MAX,
  TIME_ZONE_MAX,
  VISITOR_ATTRIBUTES_MAX,
} from './limits.js';

export const PreChatFields = z.object({
  name: PersonName.optional(),
  email: Email.optional(),
  question: z.string().max(MESSAGE_TEXT_MAX).optional(),
});
export type PreChatFields = z.infer<typeof PreChatFields>;

/** What the widget and the gateway know about a visitor's browser, recorded when a chat starts. */
export const VisitorInfo = z.object({
  userAgent: z.string().max(512).optional(),
  language: LanguageTag.optional(),
  timeZone: z.string().max(TIME_ZONE_MAX).optional(),
  device: z.enum(['desktop', 'mobile', 'tablet']).optional(),
  referrer: PageUrl.optional(),
});
export type VisitorInfo = z.infer<typeof VisitorInfo>;

/** Free-form visitor attributes set by the host page (plan, student id...): at most 20 keys. */
export const VisitorAttributes = z
  .record(z.string().min(1).max(ATTRIBUTE_KEY_MAX), z.string().max(ATTRIBUTE_VALUE_MAX))
  .refine((value) => Object.keys(value).length <= VISITOR_ATTRIBUTES_MAX, {
    message: `at most ${VISITOR_ATTRIBUTES_MAX} attributes`,
  });
export type VisitorAttributes = z.infer<typeof VisitorAttributes>;

/** Who was alerted because nobody answered in time: every eligible agent, then the supervisors. */
export const Escalation = z.enum(['agents', 'supervisors']);
export type Escalation = z.infer<typeof Escalation>;

export const Rating = z.enum(['good', 'bad']);
export type Rating = z.infer<typeof Rating>;

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
    /** Set when an agent started the chat proactively (visitor.invite). */
    startedBy: AgentActor.optional(),
    department: Id.optional(),
    visitorInfo: VisitorInfo.optional(),
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
  data: z.object({ agentId: Id, agentName: z.string().min(1).max(NAME_MAX) }),
});

export const AgentJoined = z.object({
  type: z.literal('AgentJoined'),
  data: z.object({ agentId: Id, agentName: z.string().min(1).max(NAME_MAX) }),
});

export const ConversationClosed = z.object({
  type: z.literal('ConversationClosed'),
  data: z.object({ closedBy: Actor }),
});

/** The visitor moved to another page of the host site while the chat is open. Agents only. */
export const VisitorNavigated = z.object({
  type: z.literal('VisitorNavigated'),
  data: z.object({ url: PageUrl, title: PageTitle.optional() }),
});

/** The visitor minimised or restored the chat window. Agents only. */
export const ChatWindowToggled = z.object({
  type: z.literal('ChatWindowToggled'),
  data: z.object({ minimized: z.boolean() }),
});

/** An internal note between agents. NEVER sent to the visitor, not even on resume. */
export const WhisperPosted = z.object({
  type: z.literal('WhisperPosted'),
  data: z.object({
    messageId: Id,
    clientMessageId: ClientId,
    author: AgentActor,
    text: MessageText,
  }),
});

/** The visitor rated the chat (while open or after close); the last rating wins. */
export const ConversationRated = z.object({
  type: z.literal('ConversationRated'),
  data: z.object({ rating: Rating, comment: z.string().max(RATING_COMMENT_MAX).optional() }),
});

/** The visitor asked for the transcript by e-mail (sent by the notify service). Agents only. */
export const TranscriptRequested = z.object({
  type: z.literal('TranscriptRequested'),
  data: z.object({ email: Email }),
});

/**
 * The host page told who the visitor is (widget API `identify`). `verified` is true only when
 * the page sent a correct HMAC of the e-mail, made with the site's identity secret. Agents only.
 */
export const VisitorIdentified = z.object({
  type: z.literal('VisitorIdentified'),
  data: z.object({
    name: PersonName.optional(),
    email: Email.optional(),
    verified: z.boolean(),
    attributes: VisitorAttributes.optional(),
  }),
});

/**
 * Presence decided where the chat goes: who was rung or assigned, and why (every
 * candidate's verdict and load). `cause` says what made it route: a new chat, a chat whose
 * agent went offline (`requeued`: the assignee is cleared and the chat waits again), or a
 * queued chat that found an agent once one became free (`retried`). Agents only.
 */
export const ConversationRouted = z.object({
  type: z.literal('ConversationRouted'),
  data: z.object({
    cause: z.enum(['started', 'requeued', 'retried']),
    mode: RoutingMode,
    outcome: z.enum(['ring', 'assign', 'queue']),
    /** Agents rung (`ring`), or the one assigned (`assign`). */
    agentIds: z.array(Id),
    /** `requeued`: the agent whose chat it was. */
    previousAgentId: Id.optional(),
    department: Id.optional(),
    verdicts: z.array(RoutingVerdict),
  }),
});

/**
 * Nobody answered within the site's first-response SLA: `agents` re-alerted every eligible
 * agent (after one SLA period), `supervisors` the site's supervisors (after two). Agents only.
 */
export const ConversationEscalated = z.object({
  type: z.literal('ConversationEscalated'),
  data: z.object({
    level: Escalation,
    slaSeconds: z.number().int().min(1),
    /** Seconds since the chat started, when it escalated. */
    waitedSeconds: z.number().int().min(0),
    /** The agents alerted (at `supervisors`, also every online supervisor and admin). */
    agentIds: z.array(Id),
  }),
});

export const ConversationEvent = z.discriminatedUnion('type', [
  ConversationStarted,
  MessagePosted,
  ChatClaimed,
  AgentJoined,
  ConversationClosed,
  VisitorNavigated,
  ChatWindowToggled,
  WhisperPosted,
  ConversationRated,
  TranscriptRequested,
  VisitorIdentified,
  ConversationRouted,
  ConversationEscalated,
]);
export type ConversationEvent = z.infer<typeof ConversationEvent>;
export type ConversationEventType = ConversationEvent['type'];

/**
 * Whether a conversation event may be sent to the visitor's socket. Whispers are agent-only
 * notes; navigation, window toggles, transcript requests and identification are the visitor's
 * own signals, meant for agents. The gateway's visitor feed skips the others (versions jump).
 */
export function isVisibleToVisitor(type: ConversationEventType): boolean {
  switch (type) {
    case 'ConversationStarted':
    case 'MessagePosted':
    case 'ChatClaimed':
    case 'AgentJoined':
    case 'ConversationClosed':
    case 'ConversationRated':
      return true;
    case 'VisitorNavigated':
    case 'ChatWindowToggled':
    case 'WhisperPosted':
    case 'TranscriptRequested':
    case 'VisitorIdentified':
    case 'ConversationRouted':
    case 'ConversationEscalated':
      return false;
    default: {
      const unknown: never = type;
      throw new Error(`unknown conversation event ${String(unknown)}`);
    }
  }
}

// ---- Visitor stream: `visitor-<visitorId>` ------------------------------------------------
// Serialises "start a conversation" per visitor, so parallel starts create exactly one.

export const VisitorConversationOpened = z.object({
  type: z.literal('VisitorConversationOpened'),
  data: z.object({ visitorId: Id, siteId: Id, conversationId: Id }),
});
export const VisitorEvent = z.discriminatedUnion('type', [VisitorConversationOpened]);
export type VisitorEvent = z.infer<typeof VisitorEvent>;

// ---- Offline message stream: `offline-<offlineMessageId>` --------------------------------
// Left through the widget's offline form when no agent is online; the tickets service opens a
// ticket from it.

export const OfflineMessageLeft = z.object({
  type: z.literal('OfflineMessageLeft'),
  data: z.object({
    offlineMessageId: Id,
    siteId: Id,
    visitorId: Id,
    ...OfflineMessageFields,
  }),
});
export const OfflineEvent = z.discriminatedUnion('type', [OfflineMessageLeft]);
export type OfflineEvent = z.infer<typeof OfflineEvent>;

/** Every domain event type Sapa stores. */
export const DomainEvent = z.discriminatedUnion('type', [
  ...ConversationEvent.options,
  ...VisitorEvent.options,
  ...OfflineEvent.options,
  ...TicketEvent.options,
]);
export type DomainEvent = z.infer<typeof DomainEvent>;

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

/**
 * A client event as browser code reads it: the ClientEvent envelope with its type and data left
 * open, so an event type or a field added later is ignored instead of breaking an older page.
 * Code that reads it checks each field's shape (the dashboard's `str` and `obj`).
 */
export interface LooseClientEvent extends Omit<ClientEvent, 'type' | 'data'> {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}
