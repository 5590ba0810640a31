import {
  ConversationEvent,
  OfflineEvent,
  ValidationError,
  VisitorEvent,
  type StoredEvent,
} from '@sapa/contracts';
import type { Aggregate } from '@sapa/event-store';
import {
  evolveConversation,
  initialConversationState,
  type ConversationState,
} from './conversation.state.js';
import {
  evolveVisitor,
  initialVisitorState,
  type VisitorConversationsState,
} from './visitor-conversations.js';

const parseWith =
  <E>(schema: { safeParse(value: unknown): { success: true; data: E } | { success: false } }) =>
  (event: StoredEvent): E => {
    const result = schema.safeParse({ type: event.type, data: event.data });
    if (!result.success) {
      throw new ValidationError(
        `stored event ${event.id} (${event.type}) does not match its schema`,
      );
    }
    return result.data;
  };

export const conversationAggregate: Aggregate<ConversationState, ConversationEvent> = {
  initialState: initialConversationState,
  evolve: evolveConversation,
  parse: parseWith(ConversationEvent),
};

export const visitorAggregate: Aggregate<VisitorConversationsState, VisitorEvent> = {
  initialState: initialVisitorState,
  evolve: evolveVisitor,
  parse: parseWith(VisitorEvent),
};

/** An offline-message stream holds exactly one OfflineMessageLeft; the state says if it is there. */
export const offlineAggregate: Aggregate<{ readonly left: boolean }, OfflineEvent> = {
  initialState: { left: false },
  evolve: (state, event) => {
    switch (event.type) {
      case 'OfflineMessageLeft':
        return { left: true };
      default: {
        const unknown: never = event.type;
        throw new Error(`unknown offline event ${String(unknown)}`);
      }
    }
  },
  parse: parseWith(OfflineEvent),
};
