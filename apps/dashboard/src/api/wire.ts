/**
 * The dashboard's view of the wire protocol (docs/protocol.md, version 1). The gateway is the
 * one that validates frames against libs/contracts; this file only names what the dashboard
 * reads, loosely, so an event type or field added later is ignored instead of breaking it.
 */

/** A stored conversation event as sent to a browser. */
export interface ClientEvent {
  readonly id: string;
  readonly conversationId: string;
  readonly version: number;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** ISO-8601 time at which the event was stored. */
  readonly time: string;
}

/** One row of the conversation list (chat's projection). */
export interface ConversationSummary {
  readonly conversationId: string;
  readonly siteId: string;
  readonly visitorId: string;
  readonly visitorName: string | null;
  readonly visitorEmail: string | null;
  readonly status: 'open' | 'closed';
  readonly assigneeId: string | null;
  readonly assigneeName: string | null;
  readonly participantIds: readonly string[];
  readonly messageCount: number;
  readonly lastMessageText: string | null;
  readonly lastMessageAt: string | null;
  readonly startedAt: string;
  readonly closedAt: string | null;
  readonly version: number;
  readonly currentUrl?: string | null;
  readonly rating?: 'good' | 'bad' | null;
  /** Issue 4: the highest first-response SLA escalation of a chat still unanswered. */
  readonly escalation?: Escalation | null;
}

/** Who was alerted because nobody answered in time: every eligible agent, then the supervisors. */
export type Escalation = 'agents' | 'supervisors';

/** Why the gateway rings this agent (libs/contracts `RingFrame`). */
export type RingReason = 'new' | 'requeued' | 'sla' | 'supervisor';

/** A visitor on the site right now (presence registry). */
export interface LiveVisitor {
  readonly visitorId: string;
  readonly name?: string;
  readonly email?: string;
  readonly url: string;
  readonly title?: string;
  readonly referrer?: string;
  readonly device?: string;
  readonly language?: string;
  readonly userAgent?: string;
  /** Epoch milliseconds. */
  readonly connectedAt: number;
  readonly lastSeenAt: number;
  readonly conversationId?: string;
}

export type AgentStatus = 'online' | 'away' | 'offline';

/** The agent as the login answer and the welcome frame name them. */
export interface AgentIdentity {
  readonly agentId: string;
  readonly siteId: string;
  readonly name: string;
  readonly role: string;
}

export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

/** Every server frame the dashboard handles; anything else is ignored. */
export type ServerFrame =
  | {
      readonly type: 'welcome';
      readonly data: {
        readonly agentId: string;
        readonly siteId: string;
        readonly name: string;
        readonly status: AgentStatus;
      };
    }
  | { readonly type: 'ack'; readonly id?: string; readonly data: unknown }
  | { readonly type: 'error'; readonly id?: string; readonly error: WireError }
  | { readonly type: 'event'; readonly event: ClientEvent }
  | {
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
  | { readonly type: 'visitors'; readonly data: { readonly visitors: readonly LiveVisitor[] } }
  | {
      readonly type: 'ring';
      readonly data: {
        readonly conversationId: string;
        readonly reason: RingReason;
        /** true when the chat was assigned to this agent (least-busy), not only rung. */
        readonly assigned: boolean;
      };
    }
  | { readonly type: 'pong'; readonly id?: string };

/** A refused request, with the wire error's code. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: string,
    message: string,
    /** The wire error's details (e.g. `{issues: [{path, message}]}` for validation_failed). */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Reads a string field of an event's data, or undefined. */
export function str(data: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
}

/** Reads an object field of an event's data, or an empty object. */
export function obj(
  data: Readonly<Record<string, unknown>>,
  key: string,
): Readonly<Record<string, unknown>> {
  const value = data[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
