import { connectBus } from '@sapa/bus';
import { connectDatabase } from '@sapa/event-store';
import { runService } from '@sapa/platform';
import { startChatService } from './chat-service.js';
import { loadChatConfig } from './config.js';

runService({
  name: 'chat',
  loadConfig: loadChatConfig,
  async start({ config, logger, keep }) {
    const db = await connectDatabase(keep, config);
    const bus = await connectBus(keep, config, 'chat', logger);
    const service = await startChatService({
      db,
      bus,
      logger,
      outboxIntervalMs: config.OUTBOX_INTERVAL_MS,
      outboxGraceMs: config.OUTBOX_GRACE_MS,
      // As many commands at once as database connections (docs/performance.md).
      maxConcurrent: config.MONGO_MAX_POOL_SIZE,
    });
    keep('chat', service, (s) => s.stop());
    return { isReady: () => bus.isConnected };
  },
});
