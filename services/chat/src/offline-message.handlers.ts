import {
  newId,
  offlineMessageStream,
  type OfflineEvent,
  type RpcRequest,
  type RpcResponse,
} from '@sapa/contracts';
import type { RpcContext } from '@sapa/bus';
import type { CommandHandler } from '@sapa/event-store';
import { offlineAggregate } from './aggregates.js';
import { dropUndefined, metadataFor } from './command-metadata.js';
import type { ServeRpc } from './serve-rpc.js';

/** Offline messages: what a visitor leaves through the widget's form when no agent is online. */
export class OfflineMessageHandlers {
  constructor(private readonly commands: CommandHandler) {}

  /** Serves `chat.leave-offline-message` (queue group `chat`). */
  serve(serve: ServeRpc): Array<{ stop(): Promise<void> }> {
    return [
      serve('chat.leave-offline-message', (request, context) =>
        this.leaveOfflineMessage(request, context),
      ),
    ];
  }

  /** Each offline message is a new one-event stream; the tickets service consumes it. */
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
