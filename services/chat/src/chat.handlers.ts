import {
  ConflictError,
  NotFoundError,
  conversationStream,
  newId,
  type EventMetadata,
  visitorStream,
  type RpcRequest,
  type RpcResponse,
} from '@sapa/contracts';
import type { RpcContext } from '@sapa/bus';
import type { ServeRpc } from './serve-rpc.js';
import type { EventStore } from '@sapa/event-store';
import type { CommandHandler } from '@sapa/event-store';
import { metadataFor } from './command-metadata.js';
import { conversationAggregate, visitorAggregate } from './aggregates.js';
import { onConversation } from './conversation-command.js';
import { decideConversation } from './conversation.decider.js';
import { clientMessageKey } from './conversation.state.js';
import { decideOpenConversation } from './visitor-conversations.js';
import type { ConversationListProjection } from './conversation-list.projection.js';

const MAX_START_ATTEMPTS = 5;

/** The chat service's command and query handlers, one per RPC. */
export class ChatHandlers {
  constructor(
    private readonly commands: CommandHandler,
    private readonly store: EventStore,
    private readonly list: ConversationListProjection,
  ) {}

  /** Serves every `chat.*` RPC on the bus (queue group `chat`, so replicas share the load). */
  serve(serve: ServeRpc): Array<{ stop(): Promise<void> }> {
    return [
      serve('chat.start-conversation', (request, context) => this.start(request, context)),
      serve('chat.post-message', (request, context) => this.post(request, context)),
      serve('chat.join-conversation', (request, context) => this.join(request, context)),
      serve('chat.close-conversation', (request, context) => this.close(request, context)),
      serve('chat.read-conversation', (request) => this.read(request)),
      serve('chat.find-visitor-conversation', (request) => this.findVisitorConversation(request)),
      serve('chat.list-conversations', (request) => this.list.list(request)),
      serve('chat.search-conversations', (request) => this.list.search(request)),
    ];
  }

  /**
   * Starts a conversation, or returns the visitor's open one. Two streams, no transaction:
   * (1) the visitor stream records the new conversation id (its version serialises racing
   * starts), (2) the conversation stream gets ConversationStarted. A crash between the two
   * leaves a recorded id with an empty stream, which the next start completes instead of
   * creating another conversation.
   */
  async start(
    request: RpcRequest<'chat.start-conversation'>,
    context: RpcContext,
  ): Promise<RpcResponse<'chat.start-conversation'>> {
    const { siteId, visitor } = request;
    // A proactive chat is the agent's doing: the agent is the actor of its events.
    const metadata = metadataFor(request.startedBy ?? visitor, context);
    const stream = visitorStream(visitor.id);
    for (let attempt = 1; attempt <= MAX_START_ATTEMPTS; attempt++) {
      const { state } = await this.commands.load(visitorAggregate, stream, siteId);
      const currentId = state.currentConversationId;
      const current = currentId === null ? null : await this.conversationStatus(currentId, siteId);
      if (currentId !== null && current?.status === 'open') {
        return { conversationId: currentId, version: current.version, created: false };
      }
      if (currentId !== null && current?.status === 'new') {
        return this.completeStart(currentId, request, metadata);
      }
      const newConversationId = newId();
      const recorded = await this.commands.handle({
        aggregate: visitorAggregate,
        stream,
        siteId,
        metadata,
        // Another start may have recorded a conversation since we looked: then look again.
        decide: (latest) =>
          latest.currentConversationId === currentId
            ? decideOpenConversation(latest, current?.status ?? 'missing', {
                visitorId: visitor.id,
                siteId,
                newConversationId,
              })
            : [],
      });
      if (recorded.state.currentConversationId === newConversationId) {
        return this.completeStart(newConversationId, request, metadata);
      }
    }
    throw new ConflictError('too many concurrent starts for this visitor, try again');
  }

  /** Appends ConversationStarted unless it is already there (idempotent under races). */
  private async completeStart(
    conversationId: string,
    request: RpcRequest<'chat.start-conversation'>,
    metadata: EventMetadata,
  ): Promise<RpcResponse<'chat.start-conversation'>> {
    const { siteId, visitor } = request;
    const outcome = await this.commands.handle({
      aggregate: conversationAggregate,
      stream: conversationStream(conversationId),
      siteId,
      metadata,
      decide: (state) =>
        state.status === 'new'
          ? decideConversation(
              {
                type: 'StartConversation',
                data: {
                  conversationId,
                  siteId,
                  visitorId: visitor.id,
                  page: request.page,
                  preChat: request.preChat,
                  startedBy: request.startedBy,
                  department: request.department,
                  visitorInfo: request.visitorInfo,
                },
              },
              state,
            )
          : [],
    });
    return { conversationId, version: outcome.version, created: outcome.stored.length > 0 };
  }

  async post(
    request: RpcRequest<'chat.post-message'>,
    context: RpcContext,
  ): Promise<RpcResponse<'chat.post-message'>> {
    const messageId = newId();
    const { author, clientMessageId, text } = request;
    const outcome = await onConversation(this.commands, request, author, context, (state) =>
      decideConversation(
        { type: 'PostMessage', data: { messageId, clientMessageId, author, text } },
        state,
      ),
    );
    const posted = outcome.state.postedMessages.get(clientMessageKey(author, clientMessageId));
    if (!posted) throw new Error('message missing after post');
    return {
      messageId: posted.messageId,
      version: posted.version,
      duplicate: outcome.stored.length === 0,
    };
  }

  async join(
    request: RpcRequest<'chat.join-conversation'>,
    context: RpcContext,
  ): Promise<RpcResponse<'chat.join-conversation'>> {
    const { agent } = request;
    const outcome = await onConversation(this.commands, request, agent, context, (state) =>
      decideConversation({ type: 'JoinConversation', data: { agent } }, state),
    );
    return { version: outcome.version };
  }

  async close(
    request: RpcRequest<'chat.close-conversation'>,
    context: RpcContext,
  ): Promise<RpcResponse<'chat.close-conversation'>> {
    const { by } = request;
    const outcome = await onConversation(this.commands, request, by, context, (state) =>
      decideConversation({ type: 'CloseConversation', data: { by } }, state),
    );
    return { version: outcome.version };
  }

  /** Events after a version: how a reconnecting client gets exactly what it missed. */
  async read(
    request: RpcRequest<'chat.read-conversation'>,
  ): Promise<RpcResponse<'chat.read-conversation'>> {
    const stream = conversationStream(request.conversationId);
    const [first] = await this.store.readStream(stream, { limit: 1 });
    if (!first || first.siteId !== request.siteId)
      throw new NotFoundError('conversation not found');
    const events = await this.store.readStream(stream, {
      afterVersion: request.afterVersion,
      limit: request.limit,
    });
    return { events: [...events] };
  }

  async findVisitorConversation(
    request: RpcRequest<'chat.find-visitor-conversation'>,
  ): Promise<RpcResponse<'chat.find-visitor-conversation'>> {
    const { state } = await this.commands.load(
      visitorAggregate,
      visitorStream(request.visitorId),
      request.siteId,
    );
    const conversationId = state.currentConversationId;
    if (conversationId === null) return { conversationId: null, version: 0, status: null };
    const current = await this.conversationStatus(conversationId, request.siteId);
    if (current.status !== 'open' && current.status !== 'closed') {
      return { conversationId: null, version: 0, status: null };
    }
    return { conversationId, version: current.version, status: current.status };
  }

  private async conversationStatus(
    conversationId: string,
    siteId: string,
  ): Promise<{ status: 'missing' | 'new' | 'open' | 'closed'; version: number }> {
    const { state, version } = await this.commands.load(
      conversationAggregate,
      conversationStream(conversationId),
      siteId,
    );
    return { status: version === 0 ? 'new' : state.status, version };
  }
}
