import { connectBus } from '@sapa/bus';
import { connectDatabase } from '@sapa/event-store';
import { runService } from '@sapa/platform';
import { loadExporterConfig } from './config.js';
import { startExporterService } from './exporter-service.js';

runService({
  name: 'exporter',
  loadConfig: loadExporterConfig,
  async start({ config, logger, keep }) {
    // Deployments start the exporter only where a Kafka export is wanted (run.sh: only with
    // SAPA_KAFKA_BROKERS): started without brokers it is misconfigured, so it says so and stops.
    if (config.KAFKA_BROKERS.length === 0) {
      throw new Error('KAFKA_BROKERS is not set: the exporter has nowhere to export to');
    }
    const db = await connectDatabase(keep, config);
    const bus = await connectBus(keep, config, 'exporter', logger);
    keep('exporter', await startExporterService({ db, bus, logger, config }), (s) => s.stop());
    return {
      isReady: () => bus.isConnected,
      log: { brokers: config.KAFKA_BROKERS, topic: config.KAFKA_TOPIC },
    };
  },
});
