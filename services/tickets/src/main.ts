import { connectBus } from '@sapa/bus';
import { connectDatabase } from '@sapa/event-store';
import { runService } from '@sapa/platform';
import { loadTicketsConfig } from './config.js';
import { startTicketsService } from './tickets-service.js';

runService({
  name: 'tickets',
  loadConfig: loadTicketsConfig,
  async start({ config, logger, keep }) {
    const db = await connectDatabase(keep, config);
    const bus = await connectBus(keep, config, 'tickets', logger);
    const service = await startTicketsService({
      db,
      bus,
      logger,
      outboxIntervalMs: config.OUTBOX_INTERVAL_MS,
      outboxGraceMs: config.OUTBOX_GRACE_MS,
    });
    keep('tickets', service, (s) => s.stop());
    return { isReady: () => bus.isConnected };
  },
});
