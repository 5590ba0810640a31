import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  isVisibleToVisitor,
  type ClientEvent,
  type ConversationEventType,
  type SitePublic,
} from '@sapa/contracts';
import { FrameError, WsTestClient } from './test-support/ws-test-client.js';
import { startStack, type Stack } from './test-support/stack.js';

/**
 * The first live conversation, end to end: real gateway, chat, presence and directory
 * processes over a real NATS, FerretDB and Redis, driven through real WebSockets.
 */
const SCHOOL = 'http://school.example';
let stack: Stack;
let site: SitePublic;
let ani: { token: string; agentId: string };
let budi: { token: string; agentId: string };

const visitorUrl = (siteKey: string) => `${stack.wsUrl}/ws/visitor?site=${siteKey}`;
const agentUrl = () => `${stack.wsUrl}/ws/agent`;
const connectVisitor = (token?: string, siteKey = site.siteKey, origin = SCHOOL) =>
  WsTestClient.connect(visitorUrl(siteKey), token ? { origin, token } : { origin });
const connectAgent = (token: string) =>
  WsTestClient.connect(agentUrl(), { origin: stack.origin, token });

const versions = (events: readonly ClientEvent[]) => events.map((event) => event.version);

/**
 * Presence appends its routing decision (ConversationRouted) to every new chat, asynchronously,
 * so where it lands among these tests' events depends on timing; routing.e2e.test.ts tests it.
 * These tests compare the rest, and what a visitor may see.
 */
const withoutRouting = <E extends { type: string }>(events: readonly E[]): E[] =>
  events.filter((event) => event.type !== 'ConversationRouted');
const visitorVersions = (events: readonly { type: string; version: number }[]) =>
  events
    .filter((event) => isVisibleToVisitor(event.type as ConversationEventType))
    .map((event) => event.version);

async function storedEvents(siteId: string, conversationId: string) {
  const { events } = await stack.bus.request('chat.read-conversation', { siteId, conversationId });
  return events;
}

beforeAll(async () => {
  stack = await startStack();
  site = await stack.createSite('SMP Negeri 1', [SCHOOL]);
  const a = await stack.createAgent(site.siteId, 'Ani');
  const b = await stack.createAgent(site.siteId, 'Budi');
  ani = { token: a.token, agentId: a.agent.agentId };
  budi = { token: b.token, agentId: b.agent.agentId };
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('a visitor and two agents', () => {
  it('the first agent to reply claims the chat, the other is told, the visitor gets the reply', async () => {
    const agentAni = await connectAgent(ani.token);
    const agentBudi = await connectAgent(budi.token);
    const visitor = await connectVisitor();
    expect(visitor.welcome.data).toMatchObject({
      role: 'visitor',
      siteName: 'SMP Negeri 1',
      conversation: null,
    });

    const { conversationId } = await visitor.request<{ conversationId: string; created: boolean }>(
      'conversation.start',
      {
        page: { url: `${SCHOOL}/ppdb`, title: 'PPDB 2026' },
        preChat: { name: 'Siti', question: 'Kapan PPDB dibuka?' },
      },
    );
    const sent = await visitor.request<{ version: number; duplicate: boolean }>('message.send', {
      conversationId,
      clientMessageId: 'v-1',
      text: 'Halo, kapan PPDB dibuka?',
    });
    expect(sent.duplicate).toBe(false);

    for (const agent of [agentAni, agentBudi]) {
      await agent.waitForEvent(
        (event) => event.conversationId === conversationId && event.type === 'MessagePosted',
        'the visitor message at every agent',
      );
    }

    // Typing travels live and is not stored.
    await visitor.request('typing', { conversationId, isTyping: true });
    await agentAni.waitFor(
      (frame) =>
        frame.type === 'typing' &&
        frame.data.conversationId === conversationId &&
        frame.data.isTyping,
      'visitor typing at the agent',
    );

    await agentAni.request('message.send', {
      conversationId,
      clientMessageId: 'a-1',
      text: 'Selamat pagi, Siti!',
    });
    const claimed = await agentBudi.waitForEvent(
      (event) => event.conversationId === conversationId && event.type === 'ChatClaimed',
      'the claim at the other agent',
    );
    expect(claimed.data).toEqual({ agentId: ani.agentId, agentName: 'Ani' });
    const reply = await visitor.waitForEvent(
      (event) =>
        event.type === 'MessagePosted' &&
        (event.data as { text: string }).text === 'Selamat pagi, Siti!',
      'the agent reply at the visitor',
    );
    expect((reply.data as { author: { name: string } }).author.name).toBe('Ani');

    // The other agent cannot write without joining; after joining, they can.
    await expect(
      agentBudi.request('message.send', {
        conversationId,
        clientMessageId: 'b-1',
        text: 'Saya bantu',
      }),
    ).rejects.toMatchObject({ wire: { code: 'not_a_participant' } });
    await agentBudi.request('conversation.join', { conversationId });
    await agentBudi.request('message.send', {
      conversationId,
      clientMessageId: 'b-1',
      text: 'Saya bantu juga',
    });
    await visitor.waitForEvent((event) => event.type === 'AgentJoined', 'join at the visitor');

    // A resend with the same client id is acknowledged as a duplicate and stored once.
    const resent = await visitor.request<{ duplicate: boolean; version: number }>('message.send', {
      conversationId,
      clientMessageId: 'v-1',
      text: 'Halo, kapan PPDB dibuka?',
    });
    expect(resent).toMatchObject({ duplicate: true, version: sent.version });

    const stored = await storedEvents(site.siteId, conversationId);
    expect(withoutRouting(stored).map((event) => event.type)).toEqual([
      'ConversationStarted',
      'MessagePosted',
      'ChatClaimed',
      'MessagePosted',
      'AgentJoined',
      'MessagePosted',
    ]);
    const visible = visitorVersions(stored);
    await visitor.waitForEvent(
      (event) => event.version === visible.at(-1),
      'the last event at the visitor',
    );
    expect(versions(visitor.events(conversationId))).toEqual(visible);
    for (const client of [visitor, agentAni, agentBudi]) client.close();
  });
});

describe('reconnection', () => {
  it('a cut visitor reconnects and receives what it missed, exactly once', async () => {
    const agent = await connectAgent(ani.token);
    const visitor = await connectVisitor();
    const token = visitor.welcome.data.role === 'visitor' ? visitor.welcome.data.visitorToken : '';
    const { conversationId } = await visitor.request<{ conversationId: string }>(
      'conversation.start',
      {},
    );
    // Version 2 is presence's routing decision (agents only): wait for it so versions are fixed.
    await agent.waitForEvent(
      (event) => event.conversationId === conversationId && event.type === 'ConversationRouted',
      'routing decision',
    );
    await visitor.request('message.send', {
      conversationId,
      clientMessageId: 'v-1',
      text: 'Permisi',
    });
    await agent.request('message.send', {
      conversationId,
      clientMessageId: 'a-1',
      text: 'Ya, silakan',
    });
    const seen = await visitor.waitForEvent(
      (event) => event.version === 5,
      'the reply before the cut',
    );
    visitor.cut();

    await agent.request('message.send', {
      conversationId,
      clientMessageId: 'a-2',
      text: 'Masih di sana?',
    });
    await agent.request('message.send', {
      conversationId,
      clientMessageId: 'a-3',
      text: 'Kami tunggu',
    });

    const again = await connectVisitor(token);
    expect(again.welcome.data).toMatchObject({ conversation: { conversationId, version: 7 } });
    const resumed = await again.request<{ delivered: number }>('conversation.resume', {
      conversationId,
      afterVersion: seen.version,
    });
    expect(resumed.delivered).toBe(2);
    expect(versions(again.events(conversationId))).toEqual([6, 7]);

    // Live delivery continues after the catch-up, still without repeats.
    await agent.request('message.send', { conversationId, clientMessageId: 'a-4', text: 'Baik' });
    await again.waitForEvent((event) => event.version === 8, 'live event after resume');
    expect(versions(again.events(conversationId))).toEqual([6, 7, 8]);
    again.close();
    agent.close();
  });
});

describe('crash of the chat service', () => {
  it('loses nothing acknowledged when chat is SIGKILLed and restarted mid-conversation', async () => {
    const agent = await connectAgent(ani.token);
    const visitor = await connectVisitor();
    const { conversationId } = await visitor.request<{ conversationId: string }>(
      'conversation.start',
      {},
    );
    const acknowledged: string[] = [];
    const send = async (clientMessageId: string) => {
      await visitor.request('message.send', {
        conversationId,
        clientMessageId,
        text: `pesan ${clientMessageId}`,
      });
      acknowledged.push(clientMessageId);
    };
    await send('m1');
    await send('m2');

    await stack.services.chat.kill();
    // While chat is down, a send is refused (not acknowledged), never silently dropped.
    await expect(send('m3')).rejects.toBeInstanceOf(FrameError);
    await stack.services.chat.restart();

    // The client retries what was not acknowledged, then goes on.
    await send('m3');
    await send('m4');
    await agent.request('message.send', {
      conversationId,
      clientMessageId: 'a1',
      text: 'Maaf, tadi gangguan',
    });

    const stored = await storedEvents(site.siteId, conversationId);
    const posted = stored
      .filter((event) => event.type === 'MessagePosted')
      .map((event) => (event.data as { clientMessageId: string }).clientMessageId);
    expect(posted).toEqual(['m1', 'm2', 'm3', 'm4', 'a1']);
    const visible = visitorVersions(stored);
    await visitor.waitForEvent(
      (event) => event.version === visible.at(-1),
      'everything at the visitor',
    );
    expect(versions(visitor.events(conversationId))).toEqual(visible);
    visitor.close();
    agent.close();
  });
});

describe('bad input', () => {
  it('answers invalid and oversized frames with an error frame and stores nothing', async () => {
    const visitor = await connectVisitor();
    const { conversationId } = await visitor.request<{ conversationId: string }>(
      'conversation.start',
      {},
    );
    const before = await storedEvents(site.siteId, conversationId);

    visitor.sendRaw('{not json');
    await visitor.waitFor(
      (frame) => frame.type === 'error' && frame.error.message === 'frame is not valid JSON',
      'error for broken JSON',
    );
    await expect(
      visitor.request('message.send', {
        conversationId: { $ne: null },
        clientMessageId: 'x',
        text: 'hi',
      }),
    ).rejects.toMatchObject({ wire: { code: 'validation_failed' } });
    await expect(
      visitor.request('message.send', { conversationId, clientMessageId: 'x', text: '   ' }),
    ).rejects.toMatchObject({ wire: { code: 'validation_failed' } });
    await expect(visitor.request('conversation.delete', { conversationId })).rejects.toMatchObject({
      wire: { code: 'validation_failed' },
    });
    visitor.sendRaw(
      JSON.stringify({
        type: 'message.send',
        id: 'big',
        data: { conversationId, clientMessageId: 'big', text: 'x'.repeat(70 * 1024) },
      }),
    );
    await visitor.waitFor(
      (frame) => frame.type === 'error' && frame.error.code === 'payload_too_large',
      'error for the oversized frame',
    );
    // The socket survives bad input and still works.
    await visitor.request('ping');

    expect(withoutRouting(await storedEvents(site.siteId, conversationId))).toEqual(
      withoutRouting(before),
    );
    visitor.close();
  });

  it('refuses foreign origins, bad tokens and unknown sites before the handshake', async () => {
    expect(
      await WsTestClient.refusedStatus(visitorUrl(site.siteKey), { origin: 'http://evil.example' }),
    ).toBe(403);
    expect(
      await WsTestClient.refusedStatus(agentUrl(), {
        origin: 'http://evil.example',
        token: ani.token,
      }),
    ).toBe(403);
    expect(
      await WsTestClient.refusedStatus(agentUrl(), { origin: stack.origin, token: 'not-a-token' }),
    ).toBe(401);
    expect(await WsTestClient.refusedStatus(agentUrl(), { origin: stack.origin })).toBe(401);
    expect(await WsTestClient.refusedStatus(visitorUrl('nosuchsite'), { origin: SCHOOL })).toBe(
      404,
    );

    // A visitor token is not an agent token.
    const visitor = await connectVisitor();
    const visitorToken =
      visitor.welcome.data.role === 'visitor' ? visitor.welcome.data.visitorToken : '';
    visitor.close();
    expect(
      await WsTestClient.refusedStatus(agentUrl(), { origin: stack.origin, token: visitorToken }),
    ).toBe(401);
  });
});

describe('per-site isolation', () => {
  it('an agent of site A never sees anything of site B, and cannot reach it', async () => {
    const library = await stack.createSite('Perpustakaan Kota', ['http://library.example']);
    const librarian = await stack.createAgent(library.siteId, 'Rina');
    const agentA = await connectAgent(ani.token);
    const agentB = await connectAgent(librarian.token);

    const visitorB = await connectVisitor(undefined, library.siteKey, 'http://library.example');
    const { conversationId: conversationB } = await visitorB.request<{ conversationId: string }>(
      'conversation.start',
      {},
    );
    await visitorB.request('message.send', {
      conversationId: conversationB,
      clientMessageId: 'b1',
      text: 'rahasia',
    });
    await agentB.waitForEvent(
      (event) => event.conversationId === conversationB && event.version === 2,
      'B at B',
    );

    // A visitor token of site A does not open a socket on site B.
    const visitorA = await connectVisitor();
    const tokenA =
      visitorA.welcome.data.role === 'visitor' ? visitorA.welcome.data.visitorToken : '';
    expect(
      await WsTestClient.refusedStatus(visitorUrl(library.siteKey), {
        origin: 'http://library.example',
        token: tokenA,
      }),
    ).toBe(401);

    // Site A's agent cannot read, resume, write into or close site B's conversation.
    for (const [type, data] of [
      ['conversation.resume', { conversationId: conversationB, afterVersion: 0 }],
      ['message.send', { conversationId: conversationB, clientMessageId: 'x1', text: 'intip' }],
      ['conversation.join', { conversationId: conversationB }],
      ['conversation.close', { conversationId: conversationB }],
    ] as const) {
      await expect(agentA.request(type, data)).rejects.toMatchObject({
        wire: { code: 'not_found' },
      });
    }
    const listA = await agentA.request<{ conversations: Array<{ conversationId: string }> }>(
      'conversations.list',
      {},
    );
    expect(listA.conversations.map((row) => row.conversationId)).not.toContain(conversationB);

    // A marker in site A, seen by A's agent, bounds the wait: nothing of B arrived before it.
    const { conversationId: marker } = await visitorA.request<{ conversationId: string }>(
      'conversation.start',
      {},
    );
    await agentA.waitForEvent((event) => event.conversationId === marker, 'marker at A');
    expect(JSON.stringify(agentA.frames)).not.toContain(conversationB);
    expect(withoutRouting(await storedEvents(library.siteId, conversationB))).toHaveLength(2);
    for (const client of [agentA, agentB, visitorA, visitorB]) client.close();
  });
});

describe('concurrency', () => {
  it('20 parallel starts for one visitor create one conversation', async () => {
    const first = await connectVisitor();
    const token = first.welcome.data.role === 'visitor' ? first.welcome.data.visitorToken : '';
    const second = await connectVisitor(token);
    const starts = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? first : second).request<{ conversationId: string; created: boolean }>(
          'conversation.start',
          {},
        ),
      ),
    );
    const ids = new Set(starts.map((start) => start.conversationId));
    expect(ids.size).toBe(1);
    expect(starts.filter((start) => start.created)).toHaveLength(1);
    const [conversationId] = [...ids];
    const stored = await storedEvents(site.siteId, conversationId ?? '');
    expect(withoutRouting(stored).map((event) => event.type)).toEqual(['ConversationStarted']);
    first.close();
    second.close();
  });
});
