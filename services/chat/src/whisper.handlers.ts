import type { RpcRequest, RpcResponse } from '@sapa/contracts';
import type { RpcContext } from '@sapa/bus';
import type { CommandHandler } from '@sapa/event-store';
import { newId } from '@sapa/contracts';
import { onConversation } from './conversation-command.js';
import { decideConversation } from './conversation.decider.js';
import { whisperKey } from './conversation.state.js';
import type { ServeRpc } from './serve-rpc.js';

/** Whispers: notes between agents on a conversation, never shown to the visitor. */
export class WhisperHandlers {
  constructor(private readonly commands: CommandHandler) {}

  /** Serves `chat.post-whisper` (queue group `chat`). */
  serve(serve: ServeRpc): Array<{ stop(): Promise<void> }> {
    return [serve('chat.post-whisper', (request, context) => this.whisper(request, context))];
  }

  async whisper(
    request: RpcRequest<'chat.post-whisper'>,
    context: RpcContext,
  ): Promise<RpcResponse<'chat.post-whisper'>> {
    const messageId = newId();
    const { author, clientMessageId, text } = request;
    const outcome = await onConversation(this.commands, request, author, context, (state) =>
      decideConversation(
        { type: 'PostWhisper', data: { messageId, clientMessageId, author, text } },
        state,
      ),
    );
    const posted = outcome.state.postedMessages.get(whisperKey(author.id, clientMessageId));
    if (!posted) throw new Error('whisper missing after post');
    return {
      messageId: posted.messageId,
      version: posted.version,
      duplicate: outcome.stored.length === 0,
    };
  }
}
