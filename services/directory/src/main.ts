import { connectBus } from '@sapa/bus';
import { connectDatabase } from '@sapa/event-store';
import { runService } from '@sapa/platform';
import { loadDirectoryConfig } from './config.js';
import { startDirectoryService } from './directory-service.js';

runService({
  name: 'directory',
  loadConfig: loadDirectoryConfig,
  async start({ config, logger, keep }) {
    const db = await connectDatabase(keep, config, { appName: 'sapa-directory' });
    const bus = await connectBus(keep, config, 'directory', logger);
    keep('rpc', await startDirectoryService({ db, bus, logger }), (service) => service.stop());
    return { isReady: () => bus.isConnected, log: { db: config.MONGO_DB } };
  },
});
