import { EVENTS_SUBJECTS } from '@sapa/contracts';
import { consumeEvents, ensureEventsStream, type Bus } from '@sapa/bus';
import type { Logger } from '@sapa/platform';
import { ROUTING_CONSUMER, type RoutingReactor } from './routing.reactor.js';

/**
 * Feeds conversation events to the routing reactor through a durable JetStream consumer that
 * every presence replica shares (each event is handled by one replica, in order, at least once).
 */
export async function startRouting(options: {
  readonly bus: Bus;
  readonly reactor: RoutingReactor;
  readonly logger: Logger;
}): Promise<{ stop(): Promise<void> }> {
  await ensureEventsStream(options.bus);
  return consumeEvents({
    bus: options.bus,
    durable: ROUTING_CONSUMER,
    filterSubjects: [EVENTS_SUBJECTS.replace('>', '*.conversation.>')],
    logger: options.logger,
    handle: (event) => options.reactor.handle(event),
  });
}
