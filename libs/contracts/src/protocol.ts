import { z } from 'zod';
import { Id, ClientId, Version } from './ids.js';
import {
  PreChatFields,
  Rating,
  VisitorAttributes,
  VisitorInfo,
  type ClientEvent,
} from './events.js';
import { Email, MessageText, OfflineMessageFields, PageInfo, PersonName } from './fields.js';
import { EMAIL_MAX, RATING_COMMENT_MAX } from './limits.js';
import type { AgentStatus, LiveVisitor } from './presence.commands.js';
import type { WidgetSettings } from './directory.commands.js';
import type { WireError } from './errors.js';

/**
 * WebSocket protocol, version 1 (docs/protocol.md). Every frame is one JSON object.
 * Client frames carry an optional request `id`, echoed in the `ack` or `error` answering it.
 */
export const PROTOCOL_VERSION = 1;
/** Sent as the WebSocket subprotocol by clients that want to pin the version. */
export const PROTOCOL_NAME = 'sapa.v1';
/** Frames larger than this are refused with an error frame and nothing is stored. */
export const MAX_FRAME_BYTES = 64 * 1024;

const RequestId = ClientId.optional();

const frame = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), id: RequestId, data }).strict();
const bareFrame = <T extends string>(type: T) =>
  z
    .object({ type: z.literal(type), id: RequestId, data: z.object({}).strict().optional() })
    .strict();

/** A client tells the last version it saw of a conversation; the server sends what came after. */
const ResumeData = z.object({ conversationId: Id, afterVersion: Version }).strict();
const TypingData = z.object({ conversationId: Id, isTyping: z.boolean() }).strict();
const SendData = z
  .object({ conversationId: Id, clientMessageId: ClientId, text: MessageText })
  .strict();
const ConversationRef = z.object({ conversationId: Id }).strict();
const IsoDay = z.iso.datetime({ offset: true }).or(z.iso.date());

// ---- Visitor → server --------------------------------------------------------------------
export const VisitorFrame = z.discriminatedUnion('type', [
  frame(
    'conversation.start',
    z
      .object({
        page: PageInfo.optional(),
        preChat: PreChatFields.optional(),
        department: Id.optional(),
        /** What the widget knows (time zone, language); the gateway adds user agent and device. */
        visitorInfo: VisitorInfo.optional(),
      })
      .strict(),
  ),
  frame('message.send', SendData),
  frame('conversation.close', ConversationRef),
  frame('conversation.resume', ResumeData),
  frame('typing', TypingData),
  bareFrame('ping'),
  // The widget: where the visitor is, who they are, the window, rating, transcript, forms
  frame('visitor.navigate', PageInfo.strict()),
  frame(
    'visitor.identify',
    z
      .object({
        name: PersonName.optional(),
        email: Email.optional(),
        attributes: VisitorAttributes.optional(),
        /** hex HMAC-SHA256(site identity secret, email), computed by the host site's server. */
        hash: z.string().max(128).optional(),
      })
      .strict(),
  ),
  frame('chat.window', z.object({ conversationId: Id, minimized: z.boolean() }).strict()),
  frame(
    'conversation.rate',
    z
      .object({
        conversationId: Id,
        rating: Rating,
        comment: z.string().max(RATING_COMMENT_MAX).optional(),
      })
      .strict(),
  ),
  frame('transcript.request', z.object({ conversationId: Id, email: Email }).strict()),
  frame('offline.leave', z.object(OfflineMessageFields).strict()),
  bareFrame('settings.get'),
]);
export type VisitorFrame = z.infer<typeof VisitorFrame>;

// ---- Agent → server ----------------------------------------------------------------------
export const AgentFrame = z.discriminatedUnion('type', [
  frame('conversations.list', z.object({ status: z.enum(['open', 'closed']).optional() }).strict()),
  frame('conversation.resume', ResumeData),
  frame('message.send', SendData),
  frame('conversation.join', ConversationRef),
  frame('conversation.close', ConversationRef),
  // `offline`: signed in but taking no chats (their open chats are routed to someone else).
  frame('status.set', z.object({ status: z.enum(['online', 'away', 'offline']) }).strict()),
  frame('typing', TypingData),
  bareFrame('ping'),
  // Whispers, history search, live visitors and invitations
  frame('whisper.send', SendData),
  frame(
    'conversations.search',
    z
      .object({
        text: z.string().trim().min(1).max(200).optional(),
        visitor: z.string().trim().min(1).max(EMAIL_MAX).optional(),
        from: IsoDay.optional(),
        to: IsoDay.optional(),
        status: z.enum(['open', 'closed']).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
  ),
  bareFrame('visitors.live'),
  frame('visitor.invite', z.object({ visitorId: Id, text: MessageText }).strict()),
]);
export type AgentFrame = z.infer<typeof AgentFrame>;

// ---- Server → client ---------------------------------------------------------------------
export interface WelcomeVisitorFrame {
  readonly type: 'welcome';
  readonly data: {
    readonly protocol: number;
    readonly role: 'visitor';
    readonly visitorId: string;
    /** Keep it (e.g. localStorage) and present it on the next connection to stay the same visitor. */
    readonly visitorToken: string;
    readonly siteName: string;
    readonly siteOnline: boolean;
    /** The visitor's open conversation, if any: resume it from the version you have. */
    readonly conversation: { readonly conversationId: string; readonly version: number } | null;
  };
}
export interface WelcomeAgentFrame {
  readonly type: 'welcome';
  readonly data: {
    readonly protocol: number;
    readonly role: 'agent';
    readonly agentId: string;
    readonly siteId: string;
    readonly name: string;
    readonly status: AgentStatus;
  };
}
export interface AckFrame<D = unknown> {
  readonly type: 'ack';
  readonly id?: string;
  readonly data: D;
}
export interface ErrorFrame {
  readonly type: 'error';
  readonly id?: string;
  readonly error: WireError;
}
export interface EventFrame {
  readonly type: 'event';
  readonly event: ClientEvent;
}
export interface TypingFrame {
  readonly type: 'typing';
  readonly data: {
    readonly conversationId: string;
    readonly actor: {
      readonly kind: 'visitor' | 'agent';
      readonly id: string;
      readonly name?: string;
    };
    readonly isTyping: boolean;
  };
}
export interface PongFrame {
  readonly type: 'pong';
  readonly id?: string;
}
/** To visitor sockets: the site's widget settings were saved; apply them now. */
export interface SettingsFrame {
  readonly type: 'settings';
  readonly data: { readonly settings: WidgetSettings };
}
/** To visitor sockets: the site (or one of its departments) went online or offline. */
export interface AvailabilityFrame {
  readonly type: 'availability';
  readonly data: {
    readonly online: boolean;
    /** departmentId → online, for sites with departments */
    readonly departments: Readonly<Record<string, boolean>>;
  };
}
/** To agent sockets: the site's live visitors changed (at most about once a second). */
export interface VisitorsFrame {
  readonly type: 'visitors';
  readonly data: { readonly visitors: LiveVisitor[] };
}
/**
 * To agent sockets: a chat wants this agent now (play the alert). `new`: a new chat rang them
 * or was assigned to them; `requeued`: its agent went offline; `sla`: nobody answered within
 * the site's first-response SLA; `supervisor`: still nobody after twice the SLA (sent to
 * supervisors and admins).
 */
export interface RingFrame {
  readonly type: 'ring';
  readonly data: {
    readonly conversationId: string;
    readonly reason: 'new' | 'requeued' | 'sla' | 'supervisor';
    /** true when the chat was assigned to this agent (least-busy routing), not just rung. */
    readonly assigned: boolean;
  };
}
/**
 * To a waiting visitor: their place in line. `eligibleAgents` 0 means nobody can take the
 * chat right now (say so; do not promise a time). Sent on every change until an agent claims.
 */
export interface QueueFrame {
  readonly type: 'queue';
  readonly data: {
    readonly conversationId: string;
    readonly position: number;
    readonly eligibleAgents: number;
    readonly slaSeconds: number;
  };
}
/** Every frame a visitor socket receives. */
export type VisitorServerFrame =
  | WelcomeVisitorFrame
  | AckFrame
  | ErrorFrame
  | EventFrame
  | TypingFrame
  | PongFrame
  | SettingsFrame
  | AvailabilityFrame
  | QueueFrame;
/** Every frame an agent socket receives. */
export type AgentServerFrame =
  | WelcomeAgentFrame
  | AckFrame
  | ErrorFrame
  | EventFrame
  | TypingFrame
  | PongFrame
  | VisitorsFrame
  | RingFrame;
export type ServerFrame = VisitorServerFrame | AgentServerFrame;
/** Why a ring frame rings an agent. */
export type RingReason = RingFrame['data']['reason'];

/** WebSocket close codes Sapa uses (4000-4999 are application codes). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  tooLarge: 1009,
  /** A gateway restarting: reconnect after the reason's `retryAfterMs` (restart-hint.ts). */
  serviceRestart: 1012,
  unauthorized: 4401,
  forbidden: 4403,
  rateLimited: 4429,
  slowConsumer: 4008,
  heartbeatTimeout: 4009,
} as const;
