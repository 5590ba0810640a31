import type { ConversationEvent, PageInfo, PreChatFields, Rating } from '@sapa/contracts';

/** A message already stored, remembered so that a resend with the same client id is not stored twice. */
export interface PostedMessage {
  readonly messageId: string;
  readonly version: number;
}

/**
 * The state of one conversation, derived only from its events (evolve). `new` means the
 * stream has no ConversationStarted yet.
 */
export interface ConversationState {
  readonly status: 'new' | 'open' | 'closed';
  readonly version: number;
  readonly conversationId: string | null;
  readonly siteId: string | null;
  readonly visitorId: string | null;
  readonly page: PageInfo | null;
  readonly preChat: PreChatFields | null;
  readonly assignee: { readonly id: string; readonly name: string } | null;
  /** Agents who may write: the assignee and everyone who joined. */
  readonly participantIds: readonly string[];
  /** Keyed by `clientMessageKey(author, clientMessageId)`; whispers by `whisperKey(...)`. */
  readonly postedMessages: ReadonlyMap<string, PostedMessage>;
  /** The page the visitor is on: the start page, then every navigation. */
  readonly currentUrl: string | null;
  readonly minimized: boolean;
  readonly rating: { readonly rating: Rating; readonly comment: string | null } | null;
  /** The latest identification, as a canonical JSON string, so a repeat is recognised. */
  readonly identity: string | null;
  /** An agent has written to the visitor: the first-response SLA is met. */
  readonly answered: boolean;
  /** The chat was routed when it started (a redelivered start is not routed twice). */
  readonly routedAtStart: boolean;
  /** SLA escalation levels already recorded. */
  readonly escalations: readonly ('agents' | 'supervisors')[];
}

export const initialConversationState: ConversationState = {
  status: 'new',
  version: 0,
  conversationId: null,
  siteId: null,
  visitorId: null,
  page: null,
  preChat: null,
  assignee: null,
  participantIds: [],
  postedMessages: new Map(),
  currentUrl: null,
  minimized: false,
  rating: null,
  identity: null,
  answered: false,
  routedAtStart: false,
  escalations: [],
};

/** Client message ids are unique per author, not globally: two people may pick the same id. */
export const clientMessageKey = (
  author: { readonly kind: string; readonly id: string },
  clientMessageId: string,
): string => `${author.kind}:${author.id}:${clientMessageId}`;

/** Whispers have their own client-id space, so a whisper never answers for a message resend. */
export const whisperKey = (agentId: string, clientMessageId: string): string =>
  `whisper:${agentId}:${clientMessageId}`;

/** Canonical form of an identification (sorted attribute keys), to detect a repeat. */
export const identityKey = (identity: {
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  readonly verified: boolean;
  readonly attributes?: Readonly<Record<string, string>> | undefined;
}): string =>
  JSON.stringify([
    identity.name ?? null,
    identity.email ?? null,
    identity.verified,
    Object.entries(identity.attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);

const withParticipant = (ids: readonly string[], id: string): readonly string[] =>
  ids.includes(id) ? ids : [...ids, id];

/** Applies one stored event. Pure: returns a new state. */
export function evolveConversation(
  state: ConversationState,
  event: ConversationEvent & { readonly version: number },
): ConversationState {
  const next = { ...state, version: event.version };
  switch (event.type) {
    case 'ConversationStarted':
      return {
        ...next,
        status: 'open',
        conversationId: event.data.conversationId,
        siteId: event.data.siteId,
        visitorId: event.data.visitorId,
        page: event.data.page ?? null,
        preChat: event.data.preChat ?? null,
        currentUrl: event.data.page?.url ?? null,
      };
    case 'MessagePosted': {
      const postedMessages = new Map(state.postedMessages);
      postedMessages.set(clientMessageKey(event.data.author, event.data.clientMessageId), {
        messageId: event.data.messageId,
        version: event.version,
      });
      return {
        ...next,
        postedMessages,
        answered: state.answered || event.data.author.kind === 'agent',
      };
    }
    case 'ChatClaimed':
      return {
        ...next,
        assignee: { id: event.data.agentId, name: event.data.agentName },
        participantIds: withParticipant(state.participantIds, event.data.agentId),
      };
    case 'AgentJoined':
      return { ...next, participantIds: withParticipant(state.participantIds, event.data.agentId) };
    case 'ConversationClosed':
      return { ...next, status: 'closed' };
    case 'VisitorNavigated':
      return { ...next, currentUrl: event.data.url };
    case 'ChatWindowToggled':
      return { ...next, minimized: event.data.minimized };
    case 'WhisperPosted': {
      const postedMessages = new Map(state.postedMessages);
      postedMessages.set(whisperKey(event.data.author.id, event.data.clientMessageId), {
        messageId: event.data.messageId,
        version: event.version,
      });
      return { ...next, postedMessages };
    }
    case 'ConversationRated':
      return {
        ...next,
        rating: { rating: event.data.rating, comment: event.data.comment ?? null },
      };
    case 'TranscriptRequested':
      return next;
    case 'VisitorIdentified':
      return { ...next, identity: identityKey(event.data) };
    case 'ConversationRouted':
      return {
        ...next,
        routedAtStart: state.routedAtStart || event.data.cause === 'started',
        // Requeued: the agent is gone; the next agent to reply (or be assigned) claims it.
        assignee: event.data.cause === 'requeued' ? null : state.assignee,
      };
    case 'ConversationEscalated':
      return { ...next, escalations: [...state.escalations, event.data.level] };
    default: {
      const unknown: never = event;
      throw new Error(`unknown conversation event ${(unknown as { type: string }).type}`);
    }
  }
}
