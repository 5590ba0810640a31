import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from 'mongodb';
import type { Bus } from '@sapa/bus';
import {
  newId,
  offlineMessageStream,
  type AgentActor,
  type ConversationSummary,
  type VisitorActor,
} from '@sapa/contracts';
import { EventStore } from '@sapa/event-store';
import { createLogger } from '@sapa/platform';
import { waitFor } from '@sapa/testkit';
import { startChatService, type ChatService } from './chat-service.js';
import { startChatInfra, type ChatInfra } from './test-support/chat-infra.js';

/**
 * History search (by text, visitor and date; whispers included), offline messages and the
 * visitor's own requests, on real NATS and the test database (FerretDB unless a MongoDB URL
 * is given).
 */
const logger = createLogger('chat-visitor-int', 'silent');
let infra: ChatInfra;
let db: Db;
let bus: Bus;
let chat: ChatService;

beforeAll(async () => {
  infra = await startChatInfra('chat-visitor', logger);
  ({ db, bus } = infra);
  chat = await startChatService({ db, bus, logger, outboxIntervalMs: 100, outboxGraceMs: 2000 });
});

afterAll(async () => {
  await chat?.stop();
  await infra?.dispose();
});

const visitor = (name: string): VisitorActor => ({ kind: 'visitor', id: newId(), name });
const agent: AgentActor = { kind: 'agent', id: newId(), name: 'Ani' };

/** Starts a conversation with pre-chat fields and posts messages into it. */
async function conversation(
  siteId: string,
  who: VisitorActor,
  email: string,
  texts: readonly string[],
): Promise<string> {
  const { conversationId } = await bus.request('chat.start-conversation', {
    siteId,
    visitor: who,
    preChat: { name: who.name, email },
  });
  for (const [index, text] of texts.entries()) {
    await bus.request('chat.post-message', {
      siteId,
      conversationId,
      author: who,
      clientMessageId: `m${index}`,
      text,
    });
  }
  return conversationId;
}

const ids = (rows: readonly ConversationSummary[]) => rows.map((row) => row.conversationId).sort();

describe('history search', () => {
  const siteId = newId();
  let siti: string;
  let budi: string;

  beforeAll(async () => {
    siti = await conversation(siteId, visitor('Siti Aminah'), 'siti@sekolah.example', [
      'Berapa biaya SPP kelas 7?',
      'Apakah ada beasiswa (prestasi)?',
    ]);
    budi = await conversation(siteId, visitor('Budi'), 'budi@mail.example', ['Jadwal PPDB kapan?']);
    await bus.request('chat.post-whisper', {
      siteId,
      conversationId: budi,
      author: agent,
      clientMessageId: 'w1',
      text: 'Alumni parent, prioritise',
    });
    // Another site's conversation with the same words must never show up.
    await conversation(newId(), visitor('Siti'), 'siti@sekolah.example', ['biaya SPP']);
    await waitFor(
      async () => {
        const { conversations } = await bus.request('chat.list-conversations', { siteId });
        return conversations.length === 2 && conversations.every((row) => row.version >= 3);
      },
      { description: 'both conversations projected' },
    );
  });

  const search = async (query: Record<string, string>) =>
    ids((await bus.request('chat.search-conversations', { siteId, ...query })).conversations);

  it('finds by message text, case-insensitively, as a literal substring', async () => {
    expect(await search({ text: 'biaya spp' })).toEqual([siti]);
    expect(await search({ text: 'BEASISWA (PRESTASI)' })).toEqual([siti]);
    expect(await search({ text: 'ppdb' })).toEqual([budi]);
    expect(await search({ text: 'b.aya' })).toEqual([]);
  });

  it('finds whispers too (agents search, visitors never do)', async () => {
    expect(await search({ text: 'alumni' })).toEqual([budi]);
  });

  it('finds by visitor name or e-mail', async () => {
    expect(await search({ visitor: 'aminah' })).toEqual([siti]);
    expect(await search({ visitor: 'MAIL.EXAMPLE' })).toEqual([budi]);
    expect(await search({ visitor: 'nobody' })).toEqual([]);
  });

  it('finds by start date, with text and visitor combined', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await search({ from: today })).toEqual([budi, siti].sort());
    expect(await search({ from: tomorrow })).toEqual([]);
    expect(await search({ to: yesterday })).toEqual([]);
    expect(await search({ from: yesterday, to: today, text: 'spp', visitor: 'siti' })).toEqual([
      siti,
    ]);
  });

  it('hides the helper fields from results', async () => {
    const { conversations } = await bus.request('chat.search-conversations', {
      siteId,
      text: 'spp',
    });
    expect(conversations[0]).not.toHaveProperty('searchText');
    expect(conversations[0]).not.toHaveProperty('searchVisitor');
    expect(conversations[0]).toMatchObject({ visitorName: 'Siti Aminah', whisperCount: 0 });
  });
});

describe('offline messages', () => {
  it('stores each as an OfflineMessageLeft on its own stream', async () => {
    const siteId = newId();
    const visitorId = newId();
    const left = await bus.request('chat.leave-offline-message', {
      siteId,
      visitorId,
      name: 'Siti',
      email: 'siti@example.org',
      question: 'Kapan pendaftaran dibuka?',
      page: { url: 'https://school.example/ppdb' },
      language: 'id',
    });
    const store = await EventStore.open(db);
    const [event, ...rest] = await store.readStream(offlineMessageStream(left.offlineMessageId));
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      siteId,
      version: 1,
      type: 'OfflineMessageLeft',
      data: {
        offlineMessageId: left.offlineMessageId,
        siteId,
        visitorId,
        name: 'Siti',
        email: 'siti@example.org',
        question: 'Kapan pendaftaran dibuka?',
        page: { url: 'https://school.example/ppdb' },
        language: 'id',
      },
      metadata: { actor: { kind: 'visitor', id: visitorId } },
    });
  });
});

describe('visitor signals', () => {
  it('are refused for another visitor’s conversation and stored for the visitor’s own', async () => {
    const siteId = newId();
    const siti = visitor('Siti');
    const conversationId = await conversation(siteId, siti, 'siti@example.org', ['Halo']);
    await expect(
      bus.request('chat.rate-conversation', {
        siteId,
        conversationId,
        visitor: visitor('Eve'),
        rating: 'bad',
      }),
    ).rejects.toMatchObject({ code: 'not_a_participant' });
    const rated = await bus.request('chat.rate-conversation', {
      siteId,
      conversationId,
      visitor: siti,
      rating: 'good',
      comment: 'Cepat!',
    });
    expect(rated.version).toBe(3);
    // From another site, the conversation does not exist.
    await expect(
      bus.request('chat.rate-conversation', {
        siteId: newId(),
        conversationId,
        visitor: siti,
        rating: 'bad',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
