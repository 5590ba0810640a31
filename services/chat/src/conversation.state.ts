import type { ConversationEvent, PageInfo, PreChatFields } from '@sapa/contracts';

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
  /** Keyed by `clientMessageKey(author, clientMessageId)`. */
  readonly postedMessages: ReadonlyMap<string, PostedMessage>;
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
};

/** Client message ids are unique per author, not globally: two people may pick the same id. */
export const clientMessageKey = (
  author: { readonly kind: string; readonly id: string },
  clientMessageId: string,
): string => `${author.kind}:${author.id}:${clientMessageId}`;

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
      };
    case 'MessagePosted': {
      const postedMessages = new Map(state.postedMessages);
      postedMessages.set(clientMessageKey(event.data.author, event.data.clientMessageId), {
        messageId: event.data.messageId,
        version: event.version,
      });
      return { ...next, postedMessages };
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
    default: {
      const unknown: never = event;
      throw new Error(`unknown conversation event ${(unknown as { type: string }).type}`);
    }
  }
}
