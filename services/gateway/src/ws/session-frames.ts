import {
  typingSubject,
  type AgentActor,
  type AgentFrame,
  type TypingSignal,
  type VisitorActor,
  type VisitorFrame,
} from '@sapa/contracts';
import type { ClientSocket } from './client-socket.js';
import type { SessionDeps } from './session-deps.js';

type Frame<T extends string> = Extract<VisitorFrame | AgentFrame, { type: T }>;

/** Who a socket acts as, and where: what the shared frame handlers need of a session. */
export interface SessionFrameContext {
  readonly deps: SessionDeps;
  readonly socket: ClientSocket;
  readonly siteId: string;
  readonly actor: () => VisitorActor | AgentActor;
  /** Refuses a typing signal the socket may not send (a visitor types only in its chats). */
  readonly assertMayType?: (conversationId: string) => void;
  /** Called after the socket's actor closed a conversation. */
  readonly onClosed?: (conversationId: string) => void;
}

/**
 * The frames a visitor's and an agent's socket answer alike: send a message, close a
 * conversation, typing (ephemeral, over core NATS) and ping. Each session merges these into
 * its own handler table.
 */
export function sessionFrameHandlers(context: SessionFrameContext) {
  const { deps, socket, siteId, actor } = context;
  const timeout = { timeoutMs: deps.rpcTimeoutMs };
  return {
    'message.send': async (frame: Frame<'message.send'>) => {
      const posted = await deps.bus.request(
        'chat.post-message',
        { siteId, author: actor(), ...frame.data },
        timeout,
      );
      return { conversationId: frame.data.conversationId, ...posted };
    },
    'conversation.close': async (frame: Frame<'conversation.close'>) => {
      const { conversationId } = frame.data;
      const closed = await deps.bus.request(
        'chat.close-conversation',
        { siteId, conversationId, by: actor() },
        timeout,
      );
      context.onClosed?.(conversationId);
      return { conversationId, ...closed };
    },
    typing: (frame: Frame<'typing'>) => {
      const { conversationId, isTyping } = frame.data;
      context.assertMayType?.(conversationId);
      const signal: TypingSignal = { conversationId, actor: actor(), isTyping };
      deps.bus.publish(typingSubject(siteId, conversationId), signal);
      return Promise.resolve({});
    },
    ping: (frame: Frame<'ping'>) => {
      socket.send(frame.id === undefined ? { type: 'pong' } : { type: 'pong', id: frame.id });
      return Promise.resolve({});
    },
  };
}
