import { connectBus } from '@sapa/bus';
import { runService } from '@sapa/platform';
import { loadGatewayConfig } from './config.js';
import { startGateway } from './gateway.js';

runService({
  name: 'gateway',
  loadConfig: loadGatewayConfig,
  async start({ config, logger, keep }) {
    const bus = await connectBus(keep, config, 'gateway', logger);
    const gateway = keep('gateway', await startGateway(config, bus, logger), (g) => g.stop());
    return {
      isReady: () => bus.isConnected,
      log: { port: gateway.port, publicUrl: config.PUBLIC_URL },
    };
  },
});
