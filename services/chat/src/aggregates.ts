import {
  ConversationEvent,
  ValidationError,
  VisitorEvent,
  type StoredEvent,
} from '@sapa/contracts';
import type { Aggregate } from './command-handler.js';
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
