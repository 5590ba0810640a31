import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from 'mongodb';
import type { Bus } from '@sapa/bus';
import {
  EVENTS_STREAM,
  conversationStream,
  eventSubject,
  newId,
  type AgentActor,
  type VisitorActor,
} from '@sapa/contracts';
import { EventStore } from '@sapa/event-store';
import { createLogger } from '@sapa/platform';
import { testInfra, waitFor } from '@sapa/testkit';
import { startChatService, type ChatService } from './chat-service.js';
import { startChatInfra, type ChatInfra } from './test-support/chat-infra.js';

/**
 * The chat service on real NATS (its own server, so its durable consumer meets no other
 * test's) and a real FerretDB/MongoDB database per test file.
 */
const logger = createLogger('chat-int', 'silent');
let infra: ChatInfra;
let db: Db;
let bus: Bus;

beforeAll(async () => {
  infra = await startChatInfra('chat', logger);
  ({ db, bus } = infra);
});

afterAll(async () => {
  await infra?.dispose();
});

const startChat = (graceMs = 2000): Promise<ChatService> =>
  startChatService({ db, bus, logger, outboxIntervalMs: 100, outboxGraceMs: graceMs });

/** How many messages JetStream holds on one subject. */
async function messagesOn(subject: string): Promise<number> {
  const jsm = await bus.jetstreamManager();
  const info = await jsm.streams.info(EVENTS_STREAM, { subjects_filter: subject });
  return info.state.subjects?.[subject] ?? 0;
}

describe('a writer killed between store and publish', () => {
  it('has its event published once when the chat service (re)starts', async () => {
    const siteId = newId();
    const conversationId = newId();
    const visitorId = newId();
    // A real process appends through the real event store, then dies before publishing.
    const script = `
      import { MongoClient } from 'mongodb';
      import { EventStore } from '@sapa/event-store';
      const mongo = await MongoClient.connect(process.env.MONGO_URL);
      const store = await EventStore.open(mongo.db(process.env.MONGO_DB));
      await store.append(process.env.STREAM, process.env.SITE_ID, 0, [{
        type: 'ConversationStarted',
        data: { conversationId: process.env.CONVERSATION_ID, siteId: process.env.SITE_ID, visitorId: process.env.VISITOR_ID },
        metadata: {},
      }]);
      process.kill(process.pid, 'SIGKILL');
    `;
    const exit = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          ...process.env,
          MONGO_URL: testInfra().mongoUrl,
          MONGO_DB: db.databaseName,
          STREAM: conversationStream(conversationId),
          SITE_ID: siteId,
          CONVERSATION_ID: conversationId,
          VISITOR_ID: visitorId,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.once('error', reject);
      child.once('exit', (_code, signal) => resolve(signal));
    });
    expect(exit).toBe('SIGKILL');

    const subject = eventSubject(siteId, conversationStream(conversationId), 'ConversationStarted');
    const store = await EventStore.open(db);
    expect(await store.readStream(conversationStream(conversationId))).toHaveLength(1);
    expect(await messagesOn(subject)).toBe(0);

    const chat = await startChat(0);
    await waitFor(async () => (await messagesOn(subject)) === 1, {
      description: 'the relay to publish',
    });
    // The projection consumed it too: the conversation is listed.
    await waitFor(
      async () =>
        (await bus.request('chat.list-conversations', { siteId })).conversations.length === 1,
      { description: 'the conversation in the list' },
    );
    await chat.stop();

    // Another start (a restart) publishes nothing again: it was marked published.
    const again = await startChat(0);
    await waitFor(async () => (await store.findUnpublished({ limit: 10 })).length === 0, {
      description: 'nothing left unpublished',
    });
    await again.stop();
    expect(await messagesOn(subject)).toBe(1);
  });
});

describe('commands under concurrency', () => {
  let chat: ChatService;
  beforeAll(async () => {
    chat = await startChat();
  });
  afterAll(async () => {
    await chat.stop();
  });

  const visitor = (): VisitorActor => ({ kind: 'visitor', id: newId(), name: 'Siti' });
  const agent = (name: string): AgentActor => ({ kind: 'agent', id: newId(), name });

  it('two agents replying at once: exactly one claims the chat', async () => {
    const siteId = newId();
    const { conversationId } = await bus.request('chat.start-conversation', {
      siteId,
      visitor: visitor(),
    });
    const [ani, budi] = [agent('Ani'), agent('Budi')];
    const results = await Promise.allSettled(
      [ani, budi].map((author) =>
        bus.request('chat.post-message', {
          siteId,
          conversationId,
          author,
          clientMessageId: 'hello',
          text: 'Halo',
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({
      code: 'not_a_participant',
    });

    const { events } = await bus.request('chat.read-conversation', { siteId, conversationId });
    expect(events.map((event) => event.type)).toEqual([
      'ConversationStarted',
      'ChatClaimed',
      'MessagePosted',
    ]);
    expect(events.map((event) => event.version)).toEqual([1, 2, 3]);
  });

  it('ten racing resends of one message store it once', async () => {
    const siteId = newId();
    const author = visitor();
    const { conversationId } = await bus.request('chat.start-conversation', {
      siteId,
      visitor: author,
    });
    const acks = await Promise.all(
      Array.from({ length: 10 }, () =>
        bus.request('chat.post-message', {
          siteId,
          conversationId,
          author,
          clientMessageId: 'm-1',
          text: 'Permisi',
        }),
      ),
    );
    expect(new Set(acks.map((ack) => ack.messageId)).size).toBe(1);
    expect(acks.filter((ack) => !ack.duplicate)).toHaveLength(1);
    const { events } = await bus.request('chat.read-conversation', { siteId, conversationId });
    expect(events.filter((event) => event.type === 'MessagePosted')).toHaveLength(1);
  });

  it('refuses commands on another site’s conversation as not found, storing nothing', async () => {
    const siteId = newId();
    const { conversationId } = await bus.request('chat.start-conversation', {
      siteId,
      visitor: visitor(),
    });
    const otherSite = newId();
    await expect(
      bus.request('chat.post-message', {
        siteId: otherSite,
        conversationId,
        author: agent('Mallory'),
        clientMessageId: 'x',
        text: 'hi',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      bus.request('chat.read-conversation', { siteId: otherSite, conversationId }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    const { events } = await bus.request('chat.read-conversation', { siteId, conversationId });
    expect(events).toHaveLength(1);
  });

  it('the conversation list is rebuilt from the event history with the same rows', async () => {
    const siteId = newId();
    const ani = agent('Ani');
    for (let index = 0; index < 3; index++) {
      const author = visitor();
      const { conversationId } = await bus.request('chat.start-conversation', {
        siteId,
        visitor: author,
        preChat: { name: `Visitor ${index}`, email: `v${index}@example.org` },
      });
      await bus.request('chat.post-message', {
        siteId,
        conversationId,
        author,
        clientMessageId: 'q',
        text: `Tanya ${index}`,
      });
      await bus.request('chat.post-message', {
        siteId,
        conversationId,
        author: ani,
        clientMessageId: 'a',
        text: 'Jawab',
      });
      if (index === 0)
        await bus.request('chat.close-conversation', { siteId, conversationId, by: ani });
    }
    const live = await waitFor(
      async () => {
        const { conversations } = await bus.request('chat.list-conversations', { siteId });
        return (
          conversations.length === 3 &&
          conversations.every((row) => row.messageCount === 2) &&
          conversations
        );
      },
      { description: 'the live projection to catch up' },
    );
    expect(
      (await bus.request('chat.list-conversations', { siteId, status: 'closed' })).conversations,
    ).toHaveLength(1);

    await chat.projection.rebuild();
    const rebuilt = (await bus.request('chat.list-conversations', { siteId })).conversations;
    expect(rebuilt).toEqual(live);
  });
});
