import { EventStore, withDatabase } from '@sapa/event-store';
import { createLogger, runMain } from '@sapa/platform';
import { loadChatConfig } from './config.js';
import { ConversationListProjection } from './conversation-list.projection.js';

/** `npm run rebuild -w @sapa/chat`: rebuilds the conversation list from the event history. */
const config = loadChatConfig();
const logger = createLogger('chat-rebuild', config.LOG_LEVEL);

runMain(logger, () =>
  withDatabase(config, async (db) => {
    const projection = await ConversationListProjection.open(db, await EventStore.open(db), logger);
    const rows = await projection.rebuild();
    logger.info({ rows }, 'conversation list rebuilt');
  }),
);
