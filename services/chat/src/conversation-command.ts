import { conversationStream, type Actor, type ConversationEvent } from '@sapa/contracts';
import type { RpcContext } from '@sapa/bus';
import type { CommandHandler, CommandOutcome } from '@sapa/event-store';
import { conversationAggregate } from './aggregates.js';
import { metadataFor } from './command-metadata.js';
import type { ConversationState } from './conversation.state.js';

/** Which conversation a request is about. */
export interface ConversationTarget {
  readonly siteId: string;
  readonly conversationId: string;
}

/**
 * Loads a conversation, decides, appends and publishes: the one way every chat handler
 * changes a conversation stream. `actor` is who did it (the events' metadata).
 */
export function onConversation(
  commands: CommandHandler,
  target: ConversationTarget,
  actor: Actor,
  context: RpcContext,
  decide: (state: ConversationState) => ConversationEvent[],
): Promise<CommandOutcome<ConversationState>> {
  return commands.handle({
    aggregate: conversationAggregate,
    stream: conversationStream(target.conversationId),
    siteId: target.siteId,
    metadata: metadataFor(actor, context),
    decide,
  });
}
