import type { ConnectionState } from '../api/agent-socket.js';
import type {
  AgentStatus,
  LooseClientEvent as ClientEvent,
  ConversationSummary,
  LiveVisitor,
  RingReason,
} from '@sapa/contracts';
import { addEvent, summarize, EMPTY_TIMELINE, type Timeline } from './timeline.js';
import type { Ring } from './urgency.js';

/** Someone typing in a conversation, until `until` (epoch ms) unless refreshed. */
export interface TypingMark {
  readonly name: string;
  readonly until: number;
}

/** Everything the dashboard shows, fed by the socket. */
export interface DashboardState {
  readonly connection: ConnectionState;
  readonly status: AgentStatus;
  readonly summaries: Readonly<Record<string, ConversationSummary>>;
  readonly timelines: Readonly<Record<string, Timeline>>;
  readonly typing: Readonly<Record<string, TypingMark>>;
  readonly visitors: readonly LiveVisitor[];
  /** Ring frames per conversation, until an agent answers, takes or closes the chat. */
  readonly rings: Readonly<Record<string, Ring>>;
}

export const INITIAL_STATE: DashboardState = {
  connection: 'connecting',
  status: 'online',
  summaries: {},
  timelines: {},
  typing: {},
  visitors: [],
  rings: {},
};

export type DashboardAction =
  | { readonly type: 'connection'; readonly state: ConnectionState }
  | { readonly type: 'status'; readonly status: AgentStatus }
  | { readonly type: 'summaries'; readonly conversations: readonly ConversationSummary[] }
  | { readonly type: 'event'; readonly event: ClientEvent }
  | {
      readonly type: 'typing';
      readonly conversationId: string;
      readonly name: string;
      readonly isTyping: boolean;
      readonly now: number;
    }
  | { readonly type: 'visitors'; readonly visitors: readonly LiveVisitor[] }
  | {
      readonly type: 'ring';
      readonly conversationId: string;
      readonly reason: RingReason;
      readonly assigned: boolean;
      readonly now: number;
    };

/** How long a typing mark lasts without a refresh (the widget re-sends while typing). */
export const TYPING_TTL_MS = 6_000;

/** The dashboard's state transitions: pure, so they are unit-tested without a browser. */
export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.state };
    case 'status':
      return { ...state, status: action.status };
    case 'summaries': {
      const summaries = { ...state.summaries };
      for (const fresh of action.conversations) {
        const held = summaries[fresh.conversationId];
        // A row may be older than events that already arrived live: keep the newer one.
        if (!held || held.version <= fresh.version) summaries[fresh.conversationId] = fresh;
      }
      return { ...state, summaries };
    }
    case 'event': {
      const { event } = action;
      const id = event.conversationId;
      const timeline = addEvent(state.timelines[id] ?? EMPTY_TIMELINE, event);
      const summary = summarize(state.summaries[id], event);
      const typing =
        event.type === 'MessagePosted' && obj(event.data.author).kind === 'visitor'
          ? without(state.typing, id)
          : state.typing;
      return {
        ...state,
        timelines: { ...state.timelines, [id]: timeline },
        summaries: summary ? { ...state.summaries, [id]: summary } : state.summaries,
        typing,
        rings: ringSettled(state.rings[id], event) ? without(state.rings, id) : state.rings,
      };
    }
    case 'typing':
      return {
        ...state,
        typing: action.isTyping
          ? {
              ...state.typing,
              [action.conversationId]: { name: action.name, until: action.now + TYPING_TTL_MS },
            }
          : without(state.typing, action.conversationId),
      };
    case 'visitors':
      return { ...state, visitors: action.visitors };
    case 'ring': {
      const held = state.rings[action.conversationId];
      const ring: Ring = {
        reason: action.reason,
        // A later SLA ring of a chat assigned to me keeps saying it is mine.
        assigned: action.assigned || (held?.assigned ?? false),
        at: action.now,
      };
      return { ...state, rings: { ...state.rings, [action.conversationId]: ring } };
    }
    default: {
      const unhandled: never = action;
      return unhandled;
    }
  }
}

/**
 * Whether an event ends a ring: an agent answered, the chat closed, or someone took it — but
 * not the claim that comes with an assignment to me (it may arrive after the ring frame).
 */
function ringSettled(ring: Ring | undefined, event: ClientEvent): boolean {
  if (!ring) return false;
  switch (event.type) {
    case 'MessagePosted':
      return obj(event.data.author).kind === 'agent';
    case 'ConversationClosed':
      return true;
    case 'ChatClaimed':
      return !ring.assigned;
    default:
      return false;
  }
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
