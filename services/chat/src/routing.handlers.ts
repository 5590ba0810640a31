import type { RpcResponse, SystemActor } from '@sapa/contracts';
import type { RpcContext } from '@sapa/bus';
import type { ServeRpc } from './serve-rpc.js';
import type { CommandHandler } from '@sapa/event-store';
import { onConversation } from './conversation-command.js';
import { decideRouting, type RoutingCommand } from './routing.decider.js';

/** Routing and SLA decisions are presence's doing: it is the actor of their events. */
const PRESENCE: SystemActor = { kind: 'system', id: 'presence' };

/**
 * Records presence's routing decisions and SLA escalations on the conversation stream.
 * Presence decides; chat owns the stream, so it checks the decision still fits and stores it.
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
    const target = { siteId, conversationId: command.data.conversationId };
    const outcome = await onConversation(this.commands, target, PRESENCE, context, (state) =>
      decideRouting(command, state),
    );
    return {
      version: outcome.version,
      applied: outcome.stored.length > 0,
      open: outcome.state.status === 'open',
    };
  }
}
