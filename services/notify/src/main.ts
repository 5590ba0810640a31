import { MongoClient } from 'mongodb';
import { Bus } from '@sapa/bus';
import { runService } from '@sapa/platform';
import { loadNotifyConfig } from './config.js';
import { startNotifyService } from './notify-service.js';

runService({
  name: 'notify',
  loadConfig: loadNotifyConfig,
  async start({ config, logger, keep }) {
    const mongo = keep(
      'mongo',
      await MongoClient.connect(config.MONGO_URL, { maxPoolSize: config.MONGO_MAX_POOL_SIZE }),
      (client) => client.close(),
    );
    const bus = keep(
      'bus',
      await Bus.connect({ servers: config.NATS_URL, name: 'notify', logger }),
      (b) => b.drain(),
    );
    const db = mongo.db(config.MONGO_DB);
    const service = keep('notify', await startNotifyService({ db, bus, logger, config }), (s) =>
      s.stop(),
    );
    return {
      isReady: () => bus.isConnected,
      log: { inboundPort: service.inboundPort, smtp: `${config.SMTP_HOST}:${config.SMTP_PORT}` },
    };
  },
});
