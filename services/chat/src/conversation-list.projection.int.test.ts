import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient, type Db } from 'mongodb';
import { conversationStream, newId, type StoredEvent } from '@sapa/contracts';
import { EventStore, type NewEvent } from '@sapa/event-store';
import { createLogger } from '@sapa/platform';
import { testInfra, uniqueName } from '@sapa/testkit';
import { ConversationListProjection } from './conversation-list.projection.js';

/**
 * The conversation list projection on a real FerretDB/MongoDB: two replicas applying one
 * conversation's events in turn, and deliveries that repeat or skip ahead. Each replica
 * remembers the rows it saved, so these are the cases where what it remembers is behind.
 */
const logger = createLogger('conversation-list-int', 'silent');
let mongo: MongoClient;
let db: Db;
let store: EventStore;

beforeAll(async () => {
  mongo = await MongoClient.connect(testInfra().mongoUrl);
  db = mongo.db(uniqueName('list'));
  store = await EventStore.open(db);
});

afterAll(async () => {
  await mongo?.close();
});

const visitor = { kind: 'visitor' as const, id: 'v1', name: 'Siti' };

async function conversationWith(messages: number): Promise<{
  siteId: string;
  conversationId: string;
  events: StoredEvent[];
}> {
  const siteId = newId();
  const conversationId = newId();
  const events: NewEvent[] = [
    {
      type: 'ConversationStarted',
      data: { conversationId, siteId, visitorId: visitor.id },
      metadata: {},
    },
    ...Array.from({ length: messages }, (_, index) => ({
      type: 'MessagePosted' as const,
      data: {
        messageId: newId(),
        clientMessageId: `m${index}`,
        author: visitor,
        text: `Halo ${index}`,
      },
      metadata: {},
    })),
  ];
  const stored = await store.append(conversationStream(conversationId), siteId, 0, events);
  return { siteId, conversationId, events: stored };
}

async function rowOf(projection: ConversationListProjection, siteId: string) {
  const { conversations } = await projection.list({ siteId, limit: 10 });
  expect(conversations).toHaveLength(1);
  return conversations[0];
}

describe('the conversation list projection', () => {
  it('keeps a row exact while two replicas apply its events in turn', async () => {
    const [first, second] = await Promise.all([
      ConversationListProjection.open(db, store, logger),
      ConversationListProjection.open(db, store, logger),
    ]);
    const { siteId, events } = await conversationWith(6);
    // Alternating replicas: each one's remembered row is behind after the other's save.
    for (const [index, event] of events.entries()) {
      await (index % 2 === 0 ? first : second).apply(event);
    }
    expect(await rowOf(first, siteId)).toMatchObject({ version: 7, messageCount: 6 });
  });

  it('reads what it missed when a delivery skips ahead, and ignores repeats', async () => {
    const projection = await ConversationListProjection.open(db, store, logger);
    const { siteId, events } = await conversationWith(4);
    const [started] = events;
    const last = events.at(-1);
    if (started === undefined || last === undefined) throw new Error('events missing');

    await projection.apply(started);
    await projection.apply(last);
    expect(await rowOf(projection, siteId)).toMatchObject({ version: 5, messageCount: 4 });

    for (const event of events) await projection.apply(event);
    expect(await rowOf(projection, siteId)).toMatchObject({ version: 5, messageCount: 4 });
  });

  it('answers the same rows as a rebuild from the history', async () => {
    const projection = await ConversationListProjection.open(db, store, logger);
    const { siteId, events } = await conversationWith(3);
    for (const event of events) await projection.apply(event);
    const live = await rowOf(projection, siteId);

    await projection.rebuild();
    expect(await rowOf(projection, siteId)).toEqual(live);
  });
});
