import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type Actor,
  type AgentActor,
  type ConversationEvent,
  type PageInfo,
  type PreChatFields,
  type VisitorActor,
  type VisitorInfo,
} from '@sapa/contracts';
import { clientMessageKey, type ConversationState } from './conversation.state.js';
import { decideVisitorCommand, type VisitorCommand } from './visitor.decider.js';
import { decideWhisper, type PostWhisper } from './whisper.decider.js';

/** Commands the Conversation aggregate decides on (ids are chosen by the handler, so decide stays pure). */
export type ConversationCommand =
  | {
      readonly type: 'StartConversation';
      readonly data: {
        readonly conversationId: string;
        readonly siteId: string;
        readonly visitorId: string;
        readonly page?: PageInfo | undefined;
        readonly preChat?: PreChatFields | undefined;
        readonly startedBy?: AgentActor | undefined;
        readonly department?: string | undefined;
        readonly visitorInfo?: VisitorInfo | undefined;
      };
    }
  | {
      readonly type: 'PostMessage';
      readonly data: {
        readonly messageId: string;
        readonly clientMessageId: string;
        readonly author: VisitorActor | AgentActor;
        readonly text: string;
      };
    }
  | { readonly type: 'JoinConversation'; readonly data: { readonly agent: AgentActor } }
  | { readonly type: 'CloseConversation'; readonly data: { readonly by: Actor } }
  | PostWhisper
  | VisitorCommand;

/**
 * Decides which events a command produces, or refuses it with a typed error. Pure.
 * An empty result means "already done" (an idempotent repeat): nothing is stored.
 */
export function decideConversation(
  command: ConversationCommand,
  state: ConversationState,
): ConversationEvent[] {
  if (command.type === 'StartConversation') {
    if (state.status !== 'new') throw new ConflictError('conversation already started');
    // Optional fields left undefined are not stored (the event stays minimal and comparable).
    const data = Object.fromEntries(
      Object.entries(command.data).filter(([, value]) => value !== undefined),
    ) as typeof command.data & { conversationId: string; siteId: string; visitorId: string };
    return [{ type: 'ConversationStarted', data }];
  }
  if (state.status === 'new') throw new NotFoundError('conversation not found');

  switch (command.type) {
    case 'PostMessage':
      return decidePost(command.data, state);
    case 'JoinConversation': {
      assertOpen(state);
      const { agent } = command.data;
      if (state.participantIds.includes(agent.id)) return [];
      return [{ type: 'AgentJoined', data: { agentId: agent.id, agentName: agent.name } }];
    }
    case 'CloseConversation': {
      if (state.status === 'closed') return [];
      const { by } = command.data;
      if (by.kind === 'visitor' && by.id !== state.visitorId) {
        throw new ForbiddenError('not your conversation', 'not_a_participant');
      }
      return [{ type: 'ConversationClosed', data: { closedBy: by } }];
    }
    case 'PostWhisper':
      return decideWhisper(command.data, state);
    case 'RecordNavigation':
    case 'ToggleChatWindow':
    case 'RateConversation':
    case 'RequestTranscript':
    case 'IdentifyVisitor':
      return decideVisitorCommand(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

function decidePost(
  data: Extract<ConversationCommand, { type: 'PostMessage' }>['data'],
  state: ConversationState,
): ConversationEvent[] {
  const { author } = data;
  // A resend of a stored message is answered as a success and stored nothing, even after close.
  if (state.postedMessages.has(clientMessageKey(author, data.clientMessageId))) return [];
  assertOpen(state);
  const posted: ConversationEvent = { type: 'MessagePosted', data: { ...data } };

  if (author.kind === 'visitor') {
    if (author.id !== state.visitorId) {
      throw new ForbiddenError('not your conversation', 'not_a_participant');
    }
    return [posted];
  }
  // The first agent to reply claims the chat; every other agent learns it from ChatClaimed.
  if (state.assignee === null) {
    return [{ type: 'ChatClaimed', data: { agentId: author.id, agentName: author.name } }, posted];
  }
  if (!state.participantIds.includes(author.id)) {
    throw new ForbiddenError(
      `${state.assignee.name} has taken this chat; join it to write`,
      'not_a_participant',
    );
  }
  return [posted];
}

function assertOpen(state: ConversationState): void {
  if (state.status === 'closed') {
    throw new ConflictError('conversation is closed', 'conversation_closed');
  }
}
