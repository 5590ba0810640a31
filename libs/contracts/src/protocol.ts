import { z } from 'zod';
import { Id, ClientId, Version } from './ids.js';
import { MessageText, PageInfo, PreChatFields, type ClientEvent } from './events.js';
import type { ConversationSummary } from './chat.commands.js';
import type { AgentStatus } from './presence.commands.js';
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
  z.object({ type: z.literal(type), id: RequestId, data: z.object({}).strict().optional() }).strict();

/** A client tells the last version it saw of a conversation; the server sends what came after. */
const ResumeData = z.object({ conversationId: Id, afterVersion: Version }).strict();
const TypingData = z.object({ conversationId: Id, isTyping: z.boolean() }).strict();
const SendData = z
  .object({ conversationId: Id, clientMessageId: ClientId, text: MessageText })
  .strict();
const ConversationRef = z.object({ conversationId: Id }).strict();

// ---- Visitor → server --------------------------------------------------------------------
export const VisitorFrame = z.discriminatedUnion('type', [
  frame(
    'conversation.start',
    z.object({ page: PageInfo.optional(), preChat: PreChatFields.optional() }).strict(),
  ),
  frame('message.send', SendData),
  frame('conversation.close', ConversationRef),
  frame('conversation.resume', ResumeData),
  frame('typing', TypingData),
  bareFrame('ping'),
]);
export type VisitorFrame = z.infer<typeof VisitorFrame>;

// ---- Agent → server ----------------------------------------------------------------------
export const AgentFrame = z.discriminatedUnion('type', [
  frame(
    'conversations.list',
    z.object({ status: z.enum(['open', 'closed']).optional() }).strict(),
  ),
  frame('conversation.resume', ResumeData),
  frame('message.send', SendData),
  frame('conversation.join', ConversationRef),
  frame('conversation.close', ConversationRef),
  frame('status.set', z.object({ status: z.enum(['online', 'away']) }).strict()),
  frame('typing', TypingData),
  bareFrame('ping'),
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
    readonly actor: { readonly kind: 'visitor' | 'agent'; readonly id: string; readonly name?: string };
    readonly isTyping: boolean;
  };
}
export interface PongFrame {
  readonly type: 'pong';
  readonly id?: string;
}
export type ServerFrame =
  | WelcomeVisitorFrame
  | WelcomeAgentFrame
  | AckFrame
  | ErrorFrame
  | EventFrame
  | TypingFrame
  | PongFrame;

/** Ack payloads, by request type. */
export interface AckPayloads {
  'conversation.start': { conversationId: string; version: number; created: boolean };
  'message.send': { conversationId: string; messageId: string; version: number; duplicate: boolean };
  'conversation.close': { conversationId: string; version: number };
  'conversation.join': { conversationId: string; version: number };
  'conversation.resume': { conversationId: string; delivered: number; version: number };
  'conversations.list': { conversations: ConversationSummary[] };
  'status.set': { status: AgentStatus };
  typing: Record<string, never>;
}

/** WebSocket close codes Sapa uses (4000-4999 are application codes). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  tooLarge: 1009,
  unauthorized: 4401,
  forbidden: 4403,
  rateLimited: 4429,
  slowConsumer: 4008,
  heartbeatTimeout: 4009,
} as const;
