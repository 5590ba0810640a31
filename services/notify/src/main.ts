import { connectBus } from '@sapa/bus';
import { connectDatabase } from '@sapa/event-store';
import { runService } from '@sapa/platform';
import { loadNotifyConfig } from './config.js';
import { startNotifyService } from './notify-service.js';

runService({
  name: 'notify',
  loadConfig: loadNotifyConfig,
  async start({ config, logger, keep }) {
    const db = await connectDatabase(keep, config);
    const bus = await connectBus(keep, config, 'notify', logger);
    const service = keep('notify', await startNotifyService({ db, bus, logger, config }), (s) =>
      s.stop(),
    );
    return {
      isReady: () => bus.isConnected,
      log: { inboundPort: service.inboundPort, smtp: `${config.SMTP_HOST}:${config.SMTP_PORT}` },
    };
  },
});
