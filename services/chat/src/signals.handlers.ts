import {
  newId,
  type Actor,
  conversationStream,
  offlineMessageStream,
  type OfflineEvent,
  type RpcRequest,
  type RpcResponse,
} from '@sapa/contracts';
import type { RpcContext } from '@sapa/bus';
import type { ServeRpc } from './serve-rpc.js';
import type { CommandHandler } from '@sapa/event-store';
import { metadataFor } from './command-metadata.js';
import { conversationAggregate, offlineAggregate } from './aggregates.js';
import { decideConversation } from './conversation.decider.js';
import { whisperKey } from './conversation.state.js';
import type { VisitorSignalCommand } from './visitor-signals.decider.js';
import type { ConversationListProjection } from './conversation-list.projection.js';

/**
 * Handlers of the issue-3 RPCs: whispers, the visitor's conversation signals, offline
 * messages and history search. Each one loads, decides, appends and publishes like the
 * core handlers; none of them has side effects beyond its stream.
 */
export class SignalHandlers {
  constructor(
    private readonly commands: CommandHandler,
    private readonly list: ConversationListProjection,
  ) {}

  /** Serves the issue-3 `chat.*` RPCs (queue group `chat`). */
  serve(serve: ServeRpc): Array<{ stop(): Promise<void> }> {
    return [
      serve('chat.post-whisper', (request, context) => this.whisper(request, context)),
      serve('chat.record-navigation', (r, c) =>
        this.signal(r, c, { type: 'RecordNavigation', data: withVisitor(r, ['url', 'title']) }),
      ),
      serve('chat.toggle-window', (r, c) =>
        this.signal(r, c, { type: 'ToggleChatWindow', data: withVisitor(r, ['minimized']) }),
      ),
      serve('chat.rate-conversation', (r, c) =>
        this.signal(r, c, {
          type: 'RateConversation',
          data: withVisitor(r, ['rating', 'comment']),
        }),
      ),
      serve('chat.request-transcript', (r, c) =>
        this.signal(r, c, { type: 'RequestTranscript', data: withVisitor(r, ['email']) }),
      ),
      serve('chat.identify-visitor', (r, c) =>
        this.signal(r, c, {
          type: 'IdentifyVisitor',
          data: withVisitor(r, ['name', 'email', 'verified', 'attributes']),
        }),
      ),
      serve('chat.leave-offline-message', (request, context) =>
        this.leaveOfflineMessage(request, context),
      ),
      serve('chat.search-conversations', (request) => this.list.search(request)),
    ];
  }

  async whisper(
    request: RpcRequest<'chat.post-whisper'>,
    context: RpcContext,
  ): Promise<RpcResponse<'chat.post-whisper'>> {
    const messageId = newId();
    const { author, clientMessageId, text } = request;
    const outcome = await this.commands.handle({
      aggregate: conversationAggregate,
      stream: conversationStream(request.conversationId),
      siteId: request.siteId,
      metadata: metadataFor(author, context),
      decide: (state) =>
        decideConversation(
          { type: 'PostWhisper', data: { messageId, clientMessageId, author, text } },
          state,
        ),
    });
    const posted = outcome.state.postedMessages.get(whisperKey(author.id, clientMessageId));
    if (!posted) throw new Error('whisper missing after post');
    return {
      messageId: posted.messageId,
      version: posted.version,
      duplicate: outcome.stored.length === 0,
    };
  }

  /** One visitor signal on the visitor's own conversation. */
  private async signal(
    request: { readonly siteId: string; readonly conversationId: string } & {
      readonly visitor: Actor;
    },
    context: RpcContext,
    command: VisitorSignalCommand,
  ): Promise<{ version: number }> {
    const outcome = await this.commands.handle({
      aggregate: conversationAggregate,
      stream: conversationStream(request.conversationId),
      siteId: request.siteId,
      metadata: metadataFor(request.visitor, context),
      decide: (state) => decideConversation(command, state),
    });
    return { version: outcome.version };
  }

  /** Each offline message is a new one-event stream; tickets (issue 5) consume it. */
  async leaveOfflineMessage(
    request: RpcRequest<'chat.leave-offline-message'>,
    context: RpcContext,
  ): Promise<RpcResponse<'chat.leave-offline-message'>> {
    const offlineMessageId = newId();
    const { siteId, visitorId } = request;
    const event: OfflineEvent = {
      type: 'OfflineMessageLeft',
      data: dropUndefined({ offlineMessageId, ...request }),
    };
    const outcome = await this.commands.handle({
      aggregate: offlineAggregate,
      stream: offlineMessageStream(offlineMessageId),
      siteId,
      metadata: metadataFor({ kind: 'visitor', id: visitorId, name: request.name }, context),
      decide: (state) => (state.left ? [] : [event]),
    });
    return { offlineMessageId, version: outcome.version };
  }
}

/** Picks a request's fields into a command's data, with the visitor, dropping absent ones. */
function withVisitor<R extends { visitor: unknown }, K extends keyof R>(
  request: R,
  keys: readonly K[],
): Pick<R, 'visitor' | K> {
  const data: Partial<R> = { visitor: request.visitor } as Partial<R>;
  for (const key of keys) if (request[key] !== undefined) data[key] = request[key];
  return data as Pick<R, 'visitor' | K>;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
