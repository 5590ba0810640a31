import type { Logger } from '@sapa/platform';
import type { Bus } from './bus.js';
import { EventPublisher } from './event-publisher.js';
import { ensureEventsStream } from './events-stream.js';
import { OutboxRelay, type UnpublishedEvents } from './outbox-relay.js';

/** What an event-sourced service publishes through: its publisher and its running relay. */
export interface Publishing {
  readonly publisher: EventPublisher;
  /** Started; stop it last, after the commands that append have drained. */
  readonly relay: OutboxRelay;
}

/**
 * Publishing for a service that appends to `store`: the events stream ensured, a publisher,
 * and the outbox relay started over the store, which publishes what a crashed writer stored
 * but never published (docs/bus.md).
 */
export async function startPublishing(
  bus: Bus,
  store: UnpublishedEvents,
  logger: Logger,
  outbox: { readonly intervalMs: number; readonly graceMs: number },
): Promise<Publishing> {
  await ensureEventsStream(bus);
  const publisher = new EventPublisher(bus, logger.child({ module: 'publisher' }));
  const relay = new OutboxRelay({
    source: store,
    publisher,
    logger: logger.child({ module: 'outbox' }),
    ...outbox,
  });
  relay.start();
  return { publisher, relay };
}
