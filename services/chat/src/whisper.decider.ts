import {
  ConflictError,
  ForbiddenError,
  type AgentActor,
  type ConversationEvent,
} from '@sapa/contracts';
import { whisperKey, type ConversationState } from './conversation.state.js';

/** A note between agents on a conversation; the visitor never sees it. */
export interface PostWhisper {
  readonly type: 'PostWhisper';
  readonly data: {
    readonly messageId: string;
    readonly clientMessageId: string;
    readonly author: AgentActor;
    readonly text: string;
  };
}

/** Whispers follow the reply rule: a participant, or anyone while the chat is unclaimed. */
export function decideWhisper(
  data: PostWhisper['data'],
  state: ConversationState,
): ConversationEvent[] {
  if (state.postedMessages.has(whisperKey(data.author.id, data.clientMessageId))) return [];
  if (state.status === 'closed') {
    throw new ConflictError('conversation is closed', 'conversation_closed');
  }
  if (state.assignee !== null && !state.participantIds.includes(data.author.id)) {
    throw new ForbiddenError(
      `${state.assignee.name} has taken this chat; join it to write`,
      'not_a_participant',
    );
  }
  return [{ type: 'WhisperPosted', data: { ...data } }];
}
