import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { collectProcessMetrics, metricsExposition } from './metrics.js';

/** Something to stop on shutdown, in reverse order of registration. */
export interface Stoppable {
  readonly name: string;
  stop(): Promise<void>;
}

export interface Lifecycle {
  /** Registers a resource; shutdown stops resources last-registered-first. */
  onShutdown(stoppable: Stoppable): void;
  /** Marks the process ready (the /ready endpoint answers 200 from now on). */
  markReady(): void;
  /** Stops everything (idempotent); resolves when done or the deadline passed. */
  shutdown(reason: string): Promise<void>;
  /** Port of the health server. */
  readonly healthPort: number;
}

/**
 * Starts the /health (liveness), /ready (readiness) and /metrics (Prometheus) endpoints and installs SIGTERM/SIGINT
 * handlers that stop resources under a deadline, then exit. Readiness turns false as soon as
 * shutdown starts so load balancers stop sending work first.
 */
export async function startLifecycle(options: {
  logger: Logger;
  healthPort: number;
  shutdownTimeoutMs: number;
  /** Extra readiness check, e.g. "NATS connected". */
  isReady?: () => boolean;
  exit?: (code: number) => void;
}): Promise<Lifecycle> {
  const { logger, shutdownTimeoutMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const stoppables: Stoppable[] = [];
  let ready = false;
  let shuttingDown: Promise<void> | undefined;

  collectProcessMetrics();
  const server = http.createServer(
    healthRoutes(logger, () => ready && !shuttingDown && (options.isReady?.() ?? true)),
  );
  await new Promise<void>((resolve) => server.listen(options.healthPort, '0.0.0.0', resolve));
  const healthPort = (server.address() as AddressInfo).port;

  const shutdown = (reason: string): Promise<void> => {
    shuttingDown ??= (async () => {
      logger.info({ reason }, 'shutting down');
      const deadline = setTimeout(() => {
        logger.error({ timeoutMs: shutdownTimeoutMs }, 'shutdown deadline passed, exiting');
        exit(1);
      }, shutdownTimeoutMs);
      deadline.unref();
      for (const stoppable of [...stoppables].reverse()) {
        try {
          await stoppable.stop();
        } catch (error) {
          logger.error({ err: error, resource: stoppable.name }, 'stop failed');
        }
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      clearTimeout(deadline);
      logger.info('stopped');
    })();
    return shuttingDown;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    void shutdown(signal).then(() => exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  return {
    onShutdown: (stoppable) => stoppables.push(stoppable),
    markReady: () => {
      ready = true;
    },
    shutdown,
    healthPort,
  };
}

/** The health server's routes: liveness, readiness, and the Prometheus scrape. */
function healthRoutes(logger: Logger, isReady: () => boolean): http.RequestListener {
  return (req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.url === '/ready') {
      const ready = isReady();
      res
        .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ready }));
      return;
    }
    if (req.url === '/metrics') {
      void metricsExposition().then(
        ({ body, contentType }) => res.writeHead(200, { 'content-type': contentType }).end(body),
        (error: unknown) => {
          logger.error({ err: error }, 'metrics collection failed');
          res.writeHead(500).end();
        },
      );
      return;
    }
    res.writeHead(404).end();
  };
}

/** Runs a service's main; a failure at start-up is logged and exits non-zero (fail fast). */
export function runMain(logger: Pick<Logger, 'fatal'>, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  });
}
