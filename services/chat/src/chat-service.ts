import type { Db } from 'mongodb';
import { EVENTS_SUBJECTS } from '@sapa/contracts';
import { consumeEvents, startPublishing, type Bus } from '@sapa/bus';
import { CommandHandler, EventStore } from '@sapa/event-store';
import type { Logger } from '@sapa/platform';
import { ChatHandlers } from './chat.handlers.js';
import { ConversationListProjection } from './conversation-list.projection.js';
import { OfflineMessageHandlers } from './offline-message.handlers.js';
import { RoutingHandlers } from './routing.handlers.js';
import { VisitorHandlers } from './visitor.handlers.js';
import { WhisperHandlers } from './whisper.handlers.js';
import { rpcServer } from './serve-rpc.js';

/** Durable consumer name of the conversation list projection (shared by all chat replicas). */
export const CONVERSATION_LIST_CONSUMER = 'chat-conversation-list';

export interface ChatService {
  readonly projection: ConversationListProjection;
  /** Stops serving commands, the projection consumer and the outbox relay. */
  stop(): Promise<void>;
}

/**
 * Starts everything the chat service does on an open database and bus: command handlers,
 * the conversation-list projection and the outbox relay. Used by main.ts and by tests.
 */
export async function startChatService(options: {
  readonly db: Db;
  readonly bus: Bus;
  readonly logger: Logger;
  readonly outboxIntervalMs: number;
  readonly outboxGraceMs: number;
  /** Requests each RPC runs at once (main passes MONGO_MAX_POOL_SIZE); default: the bus's. */
  readonly maxConcurrent?: number;
}): Promise<ChatService> {
  const { db, bus, logger } = options;
  const store = await EventStore.open(db);
  const { publisher, relay } = await startPublishing(bus, store, logger, {
    intervalMs: options.outboxIntervalMs,
    graceMs: options.outboxGraceMs,
  });
  const projection = await ConversationListProjection.open(
    db,
    store,
    logger.child({ module: 'conversation-list' }),
  );

  const consumer = await consumeEvents({
    bus,
    durable: CONVERSATION_LIST_CONSUMER,
    filterSubjects: [EVENTS_SUBJECTS.replace('>', '*.conversation.>')],
    logger: logger.child({ module: 'conversation-list-consumer' }),
    handle: (event) => projection.apply(event),
  });

  const commands = new CommandHandler(store, publisher, logger.child({ module: 'commands' }));
  const handlers = new ChatHandlers(commands, store, projection);
  const serve = rpcServer(bus, options.maxConcurrent);
  const served = [
    ...handlers.serve(serve),
    ...new VisitorHandlers(commands).serve(serve),
    ...new WhisperHandlers(commands).serve(serve),
    ...new OfflineMessageHandlers(commands).serve(serve),
    ...new RoutingHandlers(commands).serve(serve),
  ];

  return {
    projection,
    async stop() {
      await Promise.all(served.map((subscription) => subscription.stop()));
      await commands.drain();
      await consumer.stop();
      await relay.stop();
    },
  };
}
