import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  defaultWidgetSettings,
  type ClientEvent,
  type ConversationSummary,
  type LiveVisitor,
  type SitePublic,
  type WidgetSettings,
} from '@sapa/contracts';
import { waitFor } from '@sapa/testkit';
import { WsTestClient } from './test-support/ws-test-client.js';
import { startStack, type Stack } from './test-support/stack.js';

/**
 * The widget's and dashboard's frames end to end: every service as a process, real WebSockets and
 * HTTP. Whispers never reach the visitor; visitor signals reach agents; offline messages are
 * stored; settings are pushed live; proactive invitations reach the visitor; identity is
 * verified by HMAC; history search works over the agent socket.
 */
const SCHOOL = 'http://school.example';
let stack: Stack;
let site: SitePublic;
let identitySecret: string;
let ani: { token: string; agentId: string };
let budi: { token: string; agentId: string };
let admin: { token: string };

const connectVisitor = (token?: string) =>
  WsTestClient.connect(
    `${stack.wsUrl}/ws/visitor?site=${site.siteKey}`,
    token ? { origin: SCHOOL, token } : { origin: SCHOOL },
  );
const connectAgent = (token: string) =>
  WsTestClient.connect(`${stack.wsUrl}/ws/agent`, { origin: stack.origin, token });

const welcomeOf = (client: WsTestClient) => {
  const { data } = client.welcome;
  if (data.role !== 'visitor') throw new Error('not a visitor socket');
  return data;
};
const types = (events: readonly ClientEvent[]) => events.map((event) => event.type);
const textOf = (event: ClientEvent) => (event.data as { text?: string }).text;

/** Starts a chat for a fresh visitor socket. */
async function startChat(visitor: WsTestClient, name = 'Siti') {
  const { conversationId } = await visitor.request<{ conversationId: string }>(
    'conversation.start',
    {
      page: { url: `${SCHOOL}/ppdb`, title: 'PPDB' },
      preChat: { name },
      visitorInfo: { timeZone: 'Asia/Makassar' },
    },
  );
  return conversationId;
}

beforeAll(async () => {
  stack = await startStack();
  const created = await stack.bus.request('directory.create-site', {
    name: 'SMP Negeri 1',
    allowedOrigins: [SCHOOL],
    timeZone: 'Asia/Makassar',
  });
  site = created.site;
  identitySecret = created.identitySecret ?? '';
  const a = await stack.createAgent(site.siteId, 'Ani');
  const b = await stack.createAgent(site.siteId, 'Budi');
  const c = await stack.createAgent(site.siteId, 'Admin', 'admin');
  ani = { token: a.token, agentId: a.agent.agentId };
  budi = { token: b.token, agentId: b.agent.agentId };
  admin = { token: c.token };
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('whispers', () => {
  it('are stored and reach agents, but never the visitor, not even on resume', async () => {
    const agentAni = await connectAgent(ani.token);
    const agentBudi = await connectAgent(budi.token);
    const visitor = await connectVisitor();
    const conversationId = await startChat(visitor);
    await agentAni.request('message.send', { conversationId, clientMessageId: 'a1', text: 'Halo' });
    const whispered = await agentAni.request<{ version: number; duplicate: boolean }>(
      'whisper.send',
      { conversationId, clientMessageId: 'w1', text: 'Parent is on the school board' },
    );
    expect(whispered.duplicate).toBe(false);
    const atBudi = await agentBudi.waitForEvent(
      (event) => event.conversationId === conversationId && event.type === 'WhisperPosted',
      'the whisper at the other agent',
    );
    expect(atBudi.data).toMatchObject({ text: 'Parent is on the school board' });
    // Budi has not joined a claimed chat: no whisper from him.
    await expect(
      agentBudi.request('whisper.send', { conversationId, clientMessageId: 'w2', text: 'x' }),
    ).rejects.toMatchObject({ wire: { code: 'not_a_participant' } });
    await agentAni.request('message.send', {
      conversationId,
      clientMessageId: 'a2',
      text: 'after the whisper',
    });

    // The message after the whisper arrived, so the whisper would have too.
    await visitor.waitForEvent((event) => textOf(event) === 'after the whisper', 'last reply');
    expect(types(visitor.events(conversationId))).not.toContain('WhisperPosted');
    const versions = visitor.events(conversationId).map((event) => event.version);
    expect(versions).not.toContain(whispered.version);
    expect(versions.at(-1)).toBe(whispered.version + 1);

    // A reconnect that resumes from before the whisper skips it again.
    visitor.cut();
    const again = await connectVisitor(welcomeOf(visitor).visitorToken);
    const resumed = await again.request<{ version: number }>('conversation.resume', {
      conversationId,
      afterVersion: 0,
    });
    expect(resumed.version).toBe(whispered.version + 1);
    expect(types(again.events(conversationId))).not.toContain('WhisperPosted');
    expect(again.events(conversationId).map(textOf)).toContain('after the whisper');

    const stored = await stack.bus.request('chat.read-conversation', {
      siteId: site.siteId,
      conversationId,
    });
    expect(stored.events.map((event) => event.type)).toContain('WhisperPosted');
    for (const client of [agentAni, agentBudi, again]) client.close();
  });
});

describe('visitor signals', () => {
  it('navigation, minimise, rating and transcript request reach the agent as events', async () => {
    const agent = await connectAgent(ani.token);
    const visitor = await connectVisitor();
    const conversationId = await startChat(visitor);
    const started = await agent.waitForEvent(
      (event) => event.conversationId === conversationId && event.type === 'ConversationStarted',
      'the start at the agent',
    );
    expect(started.data).toMatchObject({
      // The test client sends no User-Agent; the widget's own report is recorded as given.
      visitorInfo: { timeZone: 'Asia/Makassar' },
    });

    await visitor.request('visitor.navigate', { url: `${SCHOOL}/biaya`, title: 'Biaya' });
    await visitor.request('chat.window', { conversationId, minimized: true });
    await visitor.request('transcript.request', { conversationId, email: 'siti@example.org' });
    await visitor.request('conversation.close', { conversationId });
    const rated = await visitor.request<{ version: number }>('conversation.rate', {
      conversationId,
      rating: 'good',
      comment: 'Terima kasih',
    });
    expect(rated.version).toBeGreaterThan(0);

    const seen = await agent.waitForEvent(
      (event) => event.conversationId === conversationId && event.type === 'ConversationRated',
      'the rating at the agent',
    );
    expect(seen.data).toEqual({ rating: 'good', comment: 'Terima kasih' });
    const atAgent = agent.events(conversationId);
    expect(atAgent.find((event) => event.type === 'VisitorNavigated')?.data).toEqual({
      url: `${SCHOOL}/biaya`,
      title: 'Biaya',
    });
    expect(atAgent.find((event) => event.type === 'ChatWindowToggled')?.data).toEqual({
      minimized: true,
    });
    expect(atAgent.find((event) => event.type === 'TranscriptRequested')?.data).toEqual({
      email: 'siti@example.org',
    });
    // The visitor sees their rating, not the agent-only signals.
    await visitor.waitForEvent((event) => event.type === 'ConversationRated', 'own rating');
    expect(types(visitor.events(conversationId))).toEqual([
      'ConversationStarted',
      'ConversationClosed',
      'ConversationRated',
    ]);

    // The list row shows them too.
    await waitFor(
      async () => {
        const { conversations } = await agent.request<{ conversations: ConversationSummary[] }>(
          'conversations.list',
          { status: 'closed' },
        );
        const row = conversations.find((each) => each.conversationId === conversationId);
        return row?.rating === 'good' && row.currentUrl === `${SCHOOL}/biaya`;
      },
      { description: 'rating and page in the list row' },
    );
    agent.close();
    visitor.close();
  });

  it('refuses rating a conversation of another visitor', async () => {
    const siti = await connectVisitor();
    const conversationId = await startChat(siti);
    const eve = await connectVisitor();
    await expect(
      eve.request('conversation.rate', { conversationId, rating: 'bad' }),
    ).rejects.toMatchObject({ wire: { code: 'not_a_participant' } });
    siti.close();
    eve.close();
  });
});

describe('offline messages', () => {
  it('offline.leave stores an OfflineMessageLeft', async () => {
    const published: Array<{ type: string; data: Record<string, unknown> }> = [];
    const subscription = stack.bus.subscribe(`sapa.v1.evt.${site.siteId}.offline.>`, (payload) =>
      published.push(payload as (typeof published)[number]),
    );
    const visitor = await connectVisitor();
    await visitor.request('visitor.navigate', { url: `${SCHOOL}/kontak`, title: 'Kontak' });
    const { offlineMessageId } = await visitor.request<{ offlineMessageId: string }>(
      'offline.leave',
      { name: 'Siti', email: 'siti@example.org', question: 'Kapan PPDB dibuka?' },
    );
    await waitFor(() => published.length > 0, { description: 'the stored offline message' });
    subscription.unsubscribe();
    expect(published[0]).toMatchObject({
      type: 'OfflineMessageLeft',
      data: {
        offlineMessageId,
        siteId: site.siteId,
        visitorId: welcomeOf(visitor).visitorId,
        question: 'Kapan PPDB dibuka?',
        page: { url: `${SCHOOL}/kontak`, title: 'Kontak' },
      },
    });
    visitor.close();
  });
});

describe('widget settings', () => {
  const custom = (): WidgetSettings => ({
    ...defaultWidgetSettings('SMPN 1'),
    color: '#123456',
    position: 'bottom-left',
    greeting: 'Selamat datang',
  });

  it('saved over REST are pushed live to a connected visitor socket', async () => {
    const visitor = await connectVisitor();
    const initial = await visitor.request<{ settings: WidgetSettings; online: boolean }>(
      'settings.get',
    );
    expect(initial.settings.siteName).toBe('SMP Negeri 1');

    const refused = await fetch(`${stack.httpUrl}/api/v1/site/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ani.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: custom() }),
    });
    expect(refused.status).toBe(403);

    const saved = await fetch(`${stack.httpUrl}/api/v1/site/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: custom() }),
    });
    expect(saved.status).toBe(200);
    const pushed = await visitor.waitFor(
      (frame) => (frame.type as string) === 'settings',
      'the settings push',
    );
    expect((pushed as unknown as { data: { settings: WidgetSettings } }).data.settings).toEqual(
      custom(),
    );

    const bad = await fetch(`${stack.httpUrl}/api/v1/site/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { ...custom(), logoUrl: 'javascript:alert(1)' } }),
    });
    expect(bad.status).toBe(400);
    const read = await fetch(`${stack.httpUrl}/api/v1/site/settings`, {
      headers: { authorization: `Bearer ${ani.token}` },
    });
    expect(await read.json()).toEqual({ settings: custom() });
    visitor.close();
  });

  it('are public at /api/v1/widget/config for the site’s own origins only', async () => {
    const url = `${stack.httpUrl}/api/v1/widget/config?site=${site.siteKey}`;
    const own = await fetch(url, { headers: { origin: SCHOOL } });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe(SCHOOL);
    expect(await own.json()).toMatchObject({
      siteName: 'SMP Negeri 1',
      settings: { color: expect.stringMatching(/^#/) },
      online: expect.any(Boolean),
    });
    const foreign = await fetch(url, { headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const unknown = await fetch(`${stack.httpUrl}/api/v1/widget/config?site=nosuchkey`);
    expect(unknown.status).toBe(404);
  });
});

describe('proactive chat', () => {
  it('an agent’s invitation reaches the live visitor’s socket', async () => {
    const agent = await connectAgent(ani.token);
    const visitor = await connectVisitor();
    const visitorId = welcomeOf(visitor).visitorId;
    await visitor.request('visitor.navigate', { url: `${SCHOOL}/ekskul`, title: 'Ekskul' });
    await waitFor(
      async () => {
        const { visitors } = await agent.request<{ visitors: LiveVisitor[] }>('visitors.live');
        return visitors.some((each) => each.visitorId === visitorId && each.url.endsWith('ekskul'));
      },
      { description: 'the visitor in the live list' },
    );

    // The live list is also pushed to agent sockets when it changes.
    await agent.waitFor(
      (frame) =>
        (frame.type as string) === 'visitors' &&
        (frame as unknown as { data: { visitors: LiveVisitor[] } }).data.visitors.some(
          (each) => each.visitorId === visitorId,
        ),
      'a visitors push naming the visitor',
    );

    const invited = await agent.request<{ conversationId: string; version: number }>(
      'visitor.invite',
      { visitorId, text: 'Ada yang bisa kami bantu?' },
    );
    const started = await visitor.waitForEvent(
      (event) =>
        event.conversationId === invited.conversationId && event.type === 'ConversationStarted',
      'the proactive start at the visitor',
    );
    expect(started.data).toMatchObject({
      visitorId,
      startedBy: { kind: 'agent', id: ani.agentId, name: 'Ani' },
    });
    const greeting = await visitor.waitForEvent(
      (event) => event.conversationId === invited.conversationId && event.type === 'MessagePosted',
      'the greeting at the visitor',
    );
    expect(textOf(greeting)).toBe('Ada yang bisa kami bantu?');
    // The visitor answers in the same conversation.
    await visitor.request('message.send', {
      conversationId: invited.conversationId,
      clientMessageId: 'v1',
      text: 'Ya, soal ekskul',
    });
    await agent.waitForEvent((event) => textOf(event) === 'Ya, soal ekskul', 'the answer');
    agent.close();
    visitor.close();
  });
});

describe('verified identity', () => {
  const hmac = (email: string, secret = identitySecret) =>
    createHmac('sha256', secret).update(email).digest('hex');

  it('is verified with a correct HMAC and refused with a wrong one', async () => {
    const agent = await connectAgent(ani.token);
    const visitor = await connectVisitor();
    const conversationId = await startChat(visitor, 'Tamu');
    const wrong = await visitor.request<{ verified: boolean }>('visitor.identify', {
      email: 'siti@example.org',
      hash: hmac('siti@example.org', 'not-the-secret'),
    });
    expect(wrong).toEqual({ verified: false });
    const right = await visitor.request<{ verified: boolean }>('visitor.identify', {
      name: 'Siti Aminah',
      email: 'siti@example.org',
      hash: hmac('siti@example.org'),
      attributes: { kelas: '7B' },
    });
    expect(right).toEqual({ verified: true });
    const identified = await agent.waitForEvent(
      (event) =>
        event.conversationId === conversationId &&
        event.type === 'VisitorIdentified' &&
        (event.data as { verified: boolean }).verified,
      'the verified identity at the agent',
    );
    expect(identified.data).toEqual({
      name: 'Siti Aminah',
      email: 'siti@example.org',
      verified: true,
      attributes: { kelas: '7B' },
    });
    expect(types(visitor.events(conversationId))).not.toContain('VisitorIdentified');
    agent.close();
    visitor.close();
  });
});

describe('identity given before the chat', () => {
  it('is recorded in the conversation the visitor starts later', async () => {
    const agent = await connectAgent(ani.token);
    const visitor = await connectVisitor();
    const hash = createHmac('sha256', identitySecret).update('budi@example.org').digest('hex');
    await expect(
      visitor.request('visitor.identify', { name: 'Budi', email: 'budi@example.org', hash }),
    ).resolves.toEqual({ verified: true });
    const conversationId = await startChat(visitor, 'Budi');
    const identified = await agent.waitForEvent(
      (event) => event.conversationId === conversationId && event.type === 'VisitorIdentified',
      'the identity in the new conversation',
    );
    expect(identified.data).toMatchObject({ email: 'budi@example.org', verified: true });
    agent.close();
    visitor.close();
  });
});

describe('history search', () => {
  it('finds conversations by text, visitor and date', async () => {
    const agent = await connectAgent(budi.token);
    const visitor = await connectVisitor();
    const conversationId = await startChat(visitor, 'Rahmawati');
    await visitor.request('message.send', {
      conversationId,
      clientMessageId: 'q1',
      text: 'Apakah ada jalur zonasi?',
    });
    const search = async (query: Record<string, string>) =>
      (
        await agent.request<{ conversations: ConversationSummary[] }>('conversations.search', query)
      ).conversations.map((row) => row.conversationId);
    await waitFor(async () => (await search({ text: 'ZONASI' })).includes(conversationId), {
      description: 'the conversation found by text',
    });
    expect(await search({ visitor: 'rahma' })).toEqual([conversationId]);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await search({ from: today, text: 'zonasi' })).toEqual([conversationId]);
    expect(await search({ from: tomorrow, text: 'zonasi' })).toEqual([]);
    agent.close();
    visitor.close();
  });
});
