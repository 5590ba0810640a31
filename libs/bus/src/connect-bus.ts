import type { Logger, ServiceContext } from '@sapa/platform';
import { Bus } from './bus.js';

/**
 * Connects a service's bus and keeps it until shutdown (drained then, after the responders
 * kept later have stopped). For a `runService` start: `connectBus(keep, config, 'chat', logger)`.
 */
export async function connectBus(
  keep: ServiceContext<unknown>['keep'],
  config: { readonly NATS_URL: string },
  name: string,
  logger: Logger,
): Promise<Bus> {
  const bus = await Bus.connect({ servers: config.NATS_URL, name, logger });
  return keep('bus', bus, (b) => b.drain());
}

/** What a service's start is given besides its store: its bus, its logger, its configuration. */
export interface BusServiceOptions<C> {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly config: C;
}
