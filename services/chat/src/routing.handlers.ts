import { conversationStream, type RpcResponse, type SystemActor } from '@sapa/contracts';
import type { RpcContext } from '@sapa/bus';
import type { ServeRpc } from './serve-rpc.js';
import type { CommandHandler } from '@sapa/event-store';
import { conversationAggregate } from './aggregates.js';
import { metadataFor } from './command-metadata.js';
import { decideRouting, type RoutingCommand } from './routing.decider.js';

/** Routing and SLA decisions are presence's doing: it is the actor of their events. */
const PRESENCE: SystemActor = { kind: 'system', id: 'presence' };

/**
 * Records presence's routing decisions and SLA escalations on the conversation stream (issue
 * 4). Presence decides; chat owns the stream, so it checks the decision still fits and stores it.
 */
export class RoutingHandlers {
  constructor(private readonly commands: CommandHandler) {}

  serve(serve: ServeRpc): Array<{ stop(): Promise<void> }> {
    return [
      serve('chat.record-routing', ({ siteId, ...data }, context) =>
        this.record(siteId, { type: 'RecordRouting', data }, context),
      ),
      serve('chat.record-escalation', ({ siteId, ...data }, context) =>
        this.record(siteId, { type: 'RecordEscalation', data }, context),
      ),
    ];
  }

  private async record(
    siteId: string,
    command: RoutingCommand,
    context: RpcContext,
  ): Promise<RpcResponse<'chat.record-routing'>> {
    const outcome = await this.commands.handle({
      aggregate: conversationAggregate,
      stream: conversationStream(command.data.conversationId),
      siteId,
      metadata: metadataFor(PRESENCE, context),
      decide: (state) => decideRouting(command, state),
    });
    return {
      version: outcome.version,
      applied: outcome.stored.length > 0,
      open: outcome.state.status === 'open',
    };
  }
}
