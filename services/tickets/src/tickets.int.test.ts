import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient, type Db } from 'mongodb';
import { Bus, EventPublisher, ensureEventsStream } from '@sapa/bus';
import { newId, offlineMessageStream, ticketStream, type StoredEvent } from '@sapa/contracts';
import { EventStore } from '@sapa/event-store';
import { createLogger } from '@sapa/platform';
import { startNats, testInfra, uniqueName, waitFor, type TestServer } from '@sapa/testkit';
import { FIRST_TICKET_NUMBER, TicketNumbers } from './ticket-numbers.js';
import { startTicketsService, type TicketsService } from './tickets-service.js';

/**
 * The tickets service on real NATS (its own server) and a real FerretDB/MongoDB database.
 */
const logger = createLogger('tickets-int', 'silent');
let nats: TestServer;
let mongo: MongoClient;
let db: Db;
let bus: Bus;
let service: TicketsService;

beforeAll(async () => {
  nats = await startNats({ jetstream: true });
  mongo = await MongoClient.connect(testInfra().mongoUrl);
  db = mongo.db(uniqueName('tickets'));
  bus = await Bus.connect({ servers: nats.url, name: 'tickets-int', logger });
  await ensureEventsStream(bus);
  service = await startTicketsService({
    db,
    bus,
    logger,
    outboxIntervalMs: 100,
    outboxGraceMs: 500,
  });
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await bus?.drain();
  await mongo?.close();
  await nats?.dispose();
});

const agent = { kind: 'agent' as const, id: 'a1', name: 'Ayu' };

/** Stores an OfflineMessageLeft as chat would, and publishes it (with `times` JetStream ids). */
async function offlineMessage(siteId: string, times = 1): Promise<StoredEvent> {
  const store = await EventStore.open(db);
  const offlineMessageId = newId();
  const [stored] = await store.append(offlineMessageStream(offlineMessageId), siteId, 0, [
    {
      type: 'OfflineMessageLeft',
      data: {
        offlineMessageId,
        siteId,
        visitorId: newId(),
        name: 'Budi',
        email: 'budi@example.org',
        question: 'Where is the price list?',
        department: 'sales',
        language: 'id-ID',
      },
      metadata: {},
    },
  ]);
  const publisher = new EventPublisher(bus, logger);
  // A redelivery after JetStream's de-dup window looks like a new message with the same event.
  for (let copy = 0; copy < times; copy++) {
    await publisher.publish([
      { ...stored!, id: copy === 0 ? stored!.id : `${stored!.id}r${copy}` },
    ]);
  }
  return stored!;
}

describe('ticket numbers (unique index per site)', () => {
  it('gives 40 racing tickets of one site 40 different numbers, and a ticket keeps its number', async () => {
    const numbers = await TicketNumbers.open(db);
    const siteId = newId();
    const ticketIds = Array.from({ length: 40 }, () => newId());
    const given = await Promise.all(
      ticketIds.map((ticketId) => numbers.numberFor(siteId, ticketId)),
    );
    expect(new Set(given).size).toBe(40);
    expect(Math.min(...given)).toBe(FIRST_TICKET_NUMBER);
    expect(await numbers.numberFor(siteId, ticketIds[7]!)).toBe(given[7]);
    // Another site counts on its own.
    expect(await numbers.numberFor(newId(), newId())).toBe(FIRST_TICKET_NUMBER);
  });
});

describe('offline intake', () => {
  it('opens exactly one ticket for an offline message delivered three times', async () => {
    const siteId = newId();
    await offlineMessage(siteId, 3);
    const { tickets } = await waitFor(async () => {
      const result = await bus.request('tickets.list', { siteId });
      return result.tickets.length > 0 && result;
    });
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({
      number: FIRST_TICKET_NUMBER,
      status: 'open',
      source: 'offline',
      department: 'sales',
      requesterEmail: 'budi@example.org',
    });
    const events = await (await EventStore.open(db)).readStream(ticketStream(tickets[0]!.ticketId));
    expect(events.map((event) => event.type)).toEqual(['TicketOpened']);
    const { ticket } = await bus.request('tickets.get', { siteId, ticketId: tickets[0]!.ticketId });
    expect(ticket.language).toBe('id');
  });

  it('keeps sites apart and filters the list by status, assignee, department and text', async () => {
    const siteId = newId();
    await offlineMessage(siteId);
    await offlineMessage(siteId);
    const { tickets } = await waitFor(async () => {
      const result = await bus.request('tickets.list', { siteId });
      return result.tickets.length === 2 && result;
    });
    const [first, second] = tickets;
    await expect(
      bus.request('tickets.get', { siteId: newId(), ticketId: first!.ticketId }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await bus.request('tickets.assign', {
      siteId,
      ticketId: first!.ticketId,
      by: agent,
      assignee: { id: 'a1', name: 'Ayu' },
    });
    await bus.request('tickets.set-status', {
      siteId,
      ticketId: second!.ticketId,
      by: agent,
      status: 'solved',
    });
    const list = (filter: object) =>
      waitFor(
        async () =>
          (await bus.request('tickets.list', { siteId, ...filter })).tickets.map(
            (row) => row.ticketId,
          ),
        {
          description: JSON.stringify(filter),
        },
      );
    await waitFor(async () => (await list({ assigneeId: 'a1' })).length === 1);
    expect(await list({ assigneeId: 'a1' })).toEqual([first!.ticketId]);
    expect(await list({ assigneeId: 'none' })).toEqual([second!.ticketId]);
    await waitFor(async () => (await list({ status: 'solved' })).length === 1);
    expect(await list({ status: 'solved' })).toEqual([second!.ticketId]);
    expect((await list({ department: 'sales' })).sort()).toEqual(
      [first!.ticketId, second!.ticketId].sort(),
    );
    expect(await list({ text: `#${second!.number}` })).toEqual([second!.ticketId]);
    expect((await list({ text: 'PRICE list' })).length).toBe(2);
    expect(await list({ text: 'nothing like this' })).toEqual([]);
  });

  it('rebuilds the list from the event history with the same rows', async () => {
    const siteId = newId();
    await offlineMessage(siteId);
    await waitFor(async () => (await bus.request('tickets.list', { siteId })).tickets.length === 1);
    const before = (await bus.request('tickets.list', { siteId, limit: 500 })).tickets;
    await service.projection.rebuild();
    const after = (await bus.request('tickets.list', { siteId, limit: 500 })).tickets;
    expect(after).toEqual(before);
  });
});
