import type { Actor } from '@sapa/contracts';
import type { RpcContext } from '@sapa/bus';
import type { CommandHandler } from '@sapa/event-store';
import { onConversation, type ConversationTarget } from './conversation-command.js';
import { decideConversation } from './conversation.decider.js';
import type { ServeRpc } from './serve-rpc.js';
import type { VisitorCommand } from './visitor.decider.js';

/**
 * The visitor's own requests on their conversation: where they are (navigation, the chat
 * window), who they are (identity), their rating and the transcript they ask for.
 */
export class VisitorHandlers {
  constructor(private readonly commands: CommandHandler) {}

  /** Serves the visitor's `chat.*` RPCs (queue group `chat`). */
  serve(serve: ServeRpc): Array<{ stop(): Promise<void> }> {
    return [
      serve('chat.record-navigation', (r, c) =>
        this.command(r, c, { type: 'RecordNavigation', data: withVisitor(r, ['url', 'title']) }),
      ),
      serve('chat.toggle-window', (r, c) =>
        this.command(r, c, { type: 'ToggleChatWindow', data: withVisitor(r, ['minimized']) }),
      ),
      serve('chat.rate-conversation', (r, c) =>
        this.command(r, c, {
          type: 'RateConversation',
          data: withVisitor(r, ['rating', 'comment']),
        }),
      ),
      serve('chat.request-transcript', (r, c) =>
        this.command(r, c, { type: 'RequestTranscript', data: withVisitor(r, ['email']) }),
      ),
      serve('chat.identify-visitor', (r, c) =>
        this.command(r, c, {
          type: 'IdentifyVisitor',
          data: withVisitor(r, ['name', 'email', 'verified', 'attributes']),
        }),
      ),
    ];
  }

  /** One visitor command on the visitor's own conversation. */
  private async command(
    request: ConversationTarget & { readonly visitor: Actor },
    context: RpcContext,
    command: VisitorCommand,
  ): Promise<{ version: number }> {
    const outcome = await onConversation(
      this.commands,
      request,
      request.visitor,
      context,
      (state) => decideConversation(command, state),
    );
    return { version: outcome.version };
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
