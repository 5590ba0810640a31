/**
 * Shared by the bus tests only (excluded from the build): events, a logger, a bus connection
 * and the in-memory outbox port used by the relay tests.
 */
import { EVENTS_STREAM, newId, type StoredEvent } from '@sapa/contracts';
import { createLogger, type Logger } from '@sapa/platform';
import { testInfra } from '@sapa/testkit';
import { Bus } from './bus.js';
import { EventPublisher } from './event-publisher.js';
import { ensureEventsStream } from './events-stream.js';
import type { UnpublishedEvents } from './outbox-relay.js';

/** Silent unless SAPA_TEST_LOG_LEVEL asks otherwise (handy when a test fails). */
export const testLogger: Logger = createLogger(
  'bus-test',
  process.env['SAPA_TEST_LOG_LEVEL'] ?? 'silent',
);

/** Connects a bus for one test; the caller drains it. */
export const connectBus = (servers: string, name = 'bus-test'): Promise<Bus> =>
  Bus.connect({ servers, name, logger: testLogger });

/**
 * A bus on the shared test NATS with the events stream ensured, and a publisher on it: what
 * the JetStream tests of one file share. The caller drains the bus.
 */
export async function connectEventsBus(): Promise<{ bus: Bus; publisher: EventPublisher }> {
  const bus = await connectBus(testInfra().natsUrl);
  await ensureEventsStream(bus);
  return { bus, publisher: new EventPublisher(bus, testLogger) };
}

/** Messages the events stream holds per subject, for one site. */
export async function storedPerSubject(on: Bus, siteId: string): Promise<Record<string, number>> {
  const jsm = await on.jetstreamManager();
  const info = await jsm.streams.info(EVENTS_STREAM, { subjects_filter: siteEventsFilter(siteId) });
  return info.state.subjects ?? {};
}

/** How many messages the events stream holds for one site. */
export async function storedCount(on: Bus, siteId: string): Promise<number> {
  const perSubject = await storedPerSubject(on, siteId);
  return Object.values(perSubject).reduce((sum, count) => sum + count, 0);
}

/** A valid MessagePosted event of one conversation of one site. */
export function messagePosted(options: {
  siteId: string;
  conversationId: string;
  version: number;
  time?: Date;
  text?: string;
}): StoredEvent {
  return {
    id: newId(),
    stream: `conversation-${options.conversationId}`,
    version: options.version,
    siteId: options.siteId,
    type: 'MessagePosted',
    data: {
      messageId: newId(),
      clientMessageId: newId(),
      author: { kind: 'visitor', id: 'visitor-1' },
      text: options.text ?? `message ${options.version}`,
    },
    metadata: {
      correlationId: newId(),
      traceparent: `00-${newId()}-${newId().slice(0, 16)}-01`,
    },
    time: (options.time ?? new Date()).toISOString(),
  };
}

/** `count` consecutive events (versions 1..count) of one conversation. */
export function conversationEvents(siteId: string, count: number, time?: Date): StoredEvent[] {
  const conversationId = newId();
  return Array.from({ length: count }, (_, index) =>
    messagePosted({ siteId, conversationId, version: index + 1, ...(time ? { time } : {}) }),
  );
}

/** Every event subject of one site: what a per-test consumer filters on. */
export const siteEventsFilter = (siteId: string): string => `sapa.v1.evt.${siteId}.>`;

/**
 * The outbox port over an array: a real implementation of UnpublishedEvents (the event store
 * provides the MongoDB one), not a stand-in for a server.
 */
export class ArrayOutbox implements UnpublishedEvents {
  readonly published = new Set<string>();
  readonly markCalls: string[][] = [];

  constructor(readonly events: StoredEvent[]) {}

  findUnpublished(options: { limit: number; storedBefore?: Date }): Promise<StoredEvent[]> {
    const before = options.storedBefore?.getTime() ?? Number.POSITIVE_INFINITY;
    return Promise.resolve(
      this.events
        .filter((event) => !this.published.has(event.id) && Date.parse(event.time) < before)
        .slice(0, options.limit),
    );
  }

  markPublished(ids: readonly string[]): Promise<void> {
    this.markCalls.push([...ids]);
    for (const id of ids) this.published.add(id);
    return Promise.resolve();
  }
}
