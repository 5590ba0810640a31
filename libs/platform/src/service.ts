import type { Logger } from 'pino';
import { runMain, startLifecycle } from './lifecycle.js';
import { createLogger } from './logger.js';
import { startTracing, stopTracing } from './telemetry.js';
import { installTracePropagation } from './tracing.js';

/** The entries of a service's configuration that `runService` reads (from `commonEnv`). */
export interface ServiceConfig {
  readonly LOG_LEVEL: string;
  readonly HEALTH_PORT: number;
  readonly SHUTDOWN_TIMEOUT_MS: number;
}

/** What a service's `start` is given: its parsed configuration, its logger and a keeper. */
export interface ServiceContext<C> {
  readonly config: C;
  readonly logger: Logger;
  /**
   * Keeps `resource` until shutdown and returns it. On SIGTERM/SIGINT resources are stopped
   * last-kept-first, so keep clients before what uses them (Mongo, then the bus, then the
   * responders): responders stop first, in-flight work finishes, then the clients close.
   */
  readonly keep: <T>(name: string, resource: T, stop: (resource: T) => Promise<unknown>) => T;
}

/** What `start` returns once everything is up. */
export interface StartedService {
  /** Readiness beyond "started", e.g. "NATS connected"; checked on every /ready. */
  readonly isReady?: () => boolean;
  /** Extra fields of the "service ready" log line. */
  readonly log?: Readonly<Record<string, unknown>>;
}

/** A service as its `main.ts` describes it: a name, its config loader and its start. */
export interface ServiceDefinition<C extends ServiceConfig> {
  readonly name: string;
  readonly loadConfig: () => C;
  start(context: ServiceContext<C>): Promise<StartedService>;
}

/**
 * Runs a service process: reads its configuration (a bad one stops start-up with a clear
 * message), creates its logger, installs trace propagation and, when an OTLP endpoint is
 * configured, trace export (telemetry.ts), serves /health, /ready and /metrics, calls
 * `start` (which creates the clients and starts the work, keeping each), marks the process
 * ready, and on SIGTERM/SIGINT stops what was kept under SHUTDOWN_TIMEOUT_MS. Any failure
 * before ready is logged and exits non-zero (fail fast).
 */
export function runService<C extends ServiceConfig>(service: ServiceDefinition<C>): void {
  // A bad environment is reported through this logger, before the configured one exists.
  const bootLogger = createLogger(service.name);
  runMain(bootLogger, async () => {
    const config = service.loadConfig();
    const logger = createLogger(service.name, config.LOG_LEVEL);
    installTracePropagation();
    const tracing = startTracing({ serviceName: service.name });
    let isReady: () => boolean = () => false;
    const lifecycle = await startLifecycle({
      logger,
      healthPort: config.HEALTH_PORT,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      isReady: () => isReady(),
    });
    // Registered first, so stopped last: the spans of the shutdown itself are exported too.
    if (tracing) lifecycle.onShutdown({ name: 'tracing', stop: stopTracing });
    const started = await service.start({
      config,
      logger,
      keep: (name, resource, stop) => {
        lifecycle.onShutdown({ name, stop: async () => void (await stop(resource)) });
        return resource;
      },
    });
    isReady = started.isReady ?? (() => true);
    lifecycle.markReady();
    logger.info({ healthPort: lifecycle.healthPort, tracing, ...started.log }, 'service ready');
  });
}
