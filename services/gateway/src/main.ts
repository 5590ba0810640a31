import { Bus } from '@sapa/bus';
import { createLogger, installTracePropagation, runMain, startLifecycle } from '@sapa/platform';
import { loadGatewayConfig } from './config.js';
import { startGateway } from './gateway.js';

const config = loadGatewayConfig();
const logger = createLogger('gateway', config.LOG_LEVEL);

runMain(logger, async () => {
  installTracePropagation();
  const bus = await Bus.connect({ servers: config.NATS_URL, name: 'gateway', logger });
  const lifecycle = await startLifecycle({
    logger,
    healthPort: config.HEALTH_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    isReady: () => bus.isConnected,
  });
  lifecycle.onShutdown({ name: 'bus', stop: () => bus.drain() });
  const gateway = await startGateway(config, bus, logger);
  lifecycle.onShutdown({ name: 'gateway', stop: () => gateway.stop() });
  lifecycle.markReady();
  logger.info({ port: gateway.port, publicUrl: config.PUBLIC_URL }, 'gateway ready');
});
