import { MongoClient } from 'mongodb';
import { Bus } from '@sapa/bus';
import { runService } from '@sapa/platform';
import { loadDirectoryConfig } from './config.js';
import { startDirectoryService } from './directory-service.js';

runService({
  name: 'directory',
  loadConfig: loadDirectoryConfig,
  async start({ config, logger, keep }) {
    const mongo = keep(
      'mongo',
      await MongoClient.connect(config.MONGO_URL, {
        appName: 'sapa-directory',
        maxPoolSize: config.MONGO_MAX_POOL_SIZE,
      }),
      (client) => client.close(),
    );
    const bus = keep(
      'nats',
      await Bus.connect({ servers: config.NATS_URL, name: 'directory', logger }),
      (b) => b.drain(),
    );
    const db = mongo.db(config.MONGO_DB);
    keep('rpc', await startDirectoryService({ db, bus, logger }), (service) => service.stop());
    return { isReady: () => bus.isConnected, log: { db: config.MONGO_DB } };
  },
});
