import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DutySettingsInput, ServerFrame, SitePublic, StoredEvent } from '@sapa/contracts';
import { waitFor } from '@sapa/testkit';
import { WsTestClient } from './test-support/ws-test-client.js';
import { startStack, type Stack } from './test-support/stack.js';

/**
 * Routing end to end: routing wired to real chats. Agents are rung (`ring` frames) for new
 * chats, a waiting visitor is told their place in line (`queue` frames), an unanswered chat
 * escalates after the SLA to the agents and then to the supervisors, an agent who goes offline
 * has their chat routed to someone else, and a chat that found nobody is routed once an agent
 * comes online. Every decision is on the conversation's stream with its reasons.
 */
const AGENCY = 'http://agency.example';
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const openAllWeek: DutySettingsInput = {
  timeZone: 'Asia/Makassar',
  hours: {
    weekly: Object.fromEntries(WEEK.map((day) => [day, [{ start: '00:00', end: '24:00' }]])),
  },
};

type Ring = Extract<ServerFrame, { type: 'ring' }>;
type Queue = Extract<ServerFrame, { type: 'queue' }>;
let stack: Stack;

beforeAll(async () => {
  // A short sweep (SLA timers, lapsed agents) and grace, so the test waits seconds, not minutes.
  stack = await startStack(
    { LOGIN_RATE_PER_MIN: '1000', PRESENCE_HEARTBEAT_MS: '300' },
    { PRESENCE_SWEEP_INTERVAL_MS: '200', PRESENCE_DISCONNECT_GRACE_MS: '300' },
  );
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function siteWith(duty: DutySettingsInput): Promise<SitePublic> {
  const site = await stack.createSite('Agency', [AGENCY]);
  await stack.bus.request('directory.update-duty', { siteId: site.siteId, duty });
  return site;
}
const agentSocket = (token: string) =>
  WsTestClient.connect(`${stack.wsUrl}/ws/agent`, { origin: stack.origin, token });
const visitorSocket = (site: SitePublic) =>
  WsTestClient.connect(`${stack.wsUrl}/ws/visitor?site=${site.siteKey}`, { origin: AGENCY });
const startChat = async (visitor: WsTestClient) =>
  (await visitor.request<{ conversationId: string }>('conversation.start', {})).conversationId;
const ringFor = (client: WsTestClient, conversationId: string, reason: string) =>
  client.waitFor<Ring>(
    (frame) =>
      frame.type === 'ring' &&
      frame.data.conversationId === conversationId &&
      frame.data.reason === reason,
    `ring ${reason} for ${conversationId}`,
  );
const rings = (client: WsTestClient, conversationId: string) =>
  client.frames.filter(
    (frame): frame is Ring => frame.type === 'ring' && frame.data.conversationId === conversationId,
  );
const stream = async (siteId: string, conversationId: string): Promise<StoredEvent[]> =>
  (await stack.bus.request('chat.read-conversation', { siteId, conversationId }))
    .events as StoredEvent[];

describe('routing of real chats', () => {
  it('rings every eligible agent, tells waiting visitors their place, and records why', async () => {
    const site = await siteWith(openAllWeek);
    const ayu = await stack.createAgent(site.siteId, 'Ayu');
    const budi = await stack.createAgent(site.siteId, 'Budi');
    const away = await stack.createAgent(site.siteId, 'Citra');
    const [ayuSocket, budiSocket, citraSocket] = await Promise.all([
      agentSocket(ayu.token),
      agentSocket(budi.token),
      agentSocket(away.token),
    ]);
    await citraSocket.request('status.set', { status: 'away' });

    const first = await visitorSocket(site);
    const firstChat = await startChat(first);
    for (const socket of [ayuSocket, budiSocket]) await ringFor(socket, firstChat, 'new');
    const place = await first.waitFor<Queue>(
      (frame) => frame.type === 'queue' && frame.data.conversationId === firstChat,
      'place in line',
    );
    expect(place.data).toEqual({
      conversationId: firstChat,
      position: 1,
      eligibleAgents: 2,
      slaSeconds: 60,
    });

    const second = await visitorSocket(site);
    const secondChat = await startChat(second);
    await second.waitFor<Queue>(
      (frame) => frame.type === 'queue' && frame.data.position === 2,
      'second in line',
    );

    // Ayu answers the first chat: it leaves the line, and the second visitor moves up.
    await ayuSocket.request('message.send', {
      conversationId: firstChat,
      clientMessageId: 'a1',
      text: 'Selamat pagi!',
    });
    await second.waitFor<Queue>(
      (frame) =>
        frame.type === 'queue' &&
        frame.data.conversationId === secondChat &&
        frame.data.position === 1,
      'second visitor moves up',
    );
    expect(rings(citraSocket, firstChat)).toEqual([]);
    // A visitor is only ever told about their own chat.
    expect(
      first.frames.filter(
        (frame) => frame.type === 'queue' && frame.data.conversationId !== firstChat,
      ),
    ).toEqual([]);

    const routed = (await stream(site.siteId, firstChat)).find(
      (event) => event.type === 'ConversationRouted',
    );
    expect(routed?.data).toMatchObject({
      cause: 'started',
      mode: 'ring-all',
      outcome: 'ring',
      agentIds: [ayu.agent.agentId, budi.agent.agentId].sort(),
    });
    expect(routed?.metadata.actor).toEqual({ kind: 'system', id: 'presence' });
    const verdicts = (routed?.data as { verdicts: { agentId: string; excludedBecause?: string }[] })
      .verdicts;
    expect(verdicts.find((verdict) => verdict.agentId === away.agent.agentId)).toMatchObject({
      excludedBecause: 'not-online',
    });
    // Routing decisions are for agents: the visitor never receives them.
    expect(first.events(firstChat).map((event) => event.type)).not.toContain('ConversationRouted');
    for (const socket of [ayuSocket, budiSocket, citraSocket, first, second]) socket.close();
  });

  it('an unanswered chat re-alerts the agents after the SLA, then the supervisors; an answered one does not', async () => {
    const site = await siteWith({ ...openAllWeek, slaSeconds: 1 });
    const ayu = await stack.createAgent(site.siteId, 'Ayu');
    const sari = await stack.createAgent(site.siteId, 'Sari', 'supervisor');
    const [ayuSocket, sariSocket] = await Promise.all([
      agentSocket(ayu.token),
      agentSocket(sari.token),
    ]);

    const answeredVisitor = await visitorSocket(site);
    const answered = await startChat(answeredVisitor);
    await ringFor(ayuSocket, answered, 'new');
    await ayuSocket.request('message.send', {
      conversationId: answered,
      clientMessageId: 'a1',
      text: 'Halo',
    });

    const waitingVisitor = await visitorSocket(site);
    const waiting = await startChat(waitingVisitor);
    await ringFor(ayuSocket, waiting, 'sla');
    await ringFor(sariSocket, waiting, 'supervisor');

    const events = await stream(site.siteId, waiting);
    const startedAt = Date.parse(events[0]?.time ?? '');
    const escalations = events.filter((event) => event.type === 'ConversationEscalated');
    // Not before their time (stored times: one clock, no test-side latency in the way).
    expect(Date.parse(escalations[0]?.time ?? '') - startedAt).toBeGreaterThanOrEqual(1_000);
    expect(Date.parse(escalations[1]?.time ?? '') - startedAt).toBeGreaterThanOrEqual(2_000);
    expect(escalations.map((event) => event.data)).toEqual([
      expect.objectContaining({ level: 'agents', slaSeconds: 1 }),
      expect.objectContaining({ level: 'supervisors', slaSeconds: 1 }),
    ]);
    expect(
      (escalations[0]?.data as { waitedSeconds: number }).waitedSeconds,
    ).toBeGreaterThanOrEqual(1);
    // The answered chat started earlier, so its timers were due earlier: it never escalated.
    expect(
      (await stream(site.siteId, answered)).filter(
        (event) => event.type === 'ConversationEscalated',
      ),
    ).toEqual([]);
    expect(rings(ayuSocket, answered).map((frame) => frame.data.reason)).toEqual(['new']);
    for (const socket of [ayuSocket, sariSocket, answeredVisitor, waitingVisitor]) socket.close();
  });

  it('a chat whose agent went offline is routed again to another agent', async () => {
    const site = await siteWith({ ...openAllWeek, routing: 'least-busy' });
    const ayu = await stack.createAgent(site.siteId, 'Ayu');
    const budi = await stack.createAgent(site.siteId, 'Budi');
    const [ayuSocket, budiSocket] = await Promise.all([
      agentSocket(ayu.token),
      agentSocket(budi.token),
    ]);
    const socketOf = (agentId: string) => (agentId === ayu.agent.agentId ? ayuSocket : budiSocket);

    const visitor = await visitorSocket(site);
    const chat = await startChat(visitor);
    const claimed = await visitor.waitForEvent(
      (event) => event.conversationId === chat && event.type === 'ChatClaimed',
      'assigned',
    );
    const firstAgent = (claimed.data as { agentId: string }).agentId;
    const other = firstAgent === ayu.agent.agentId ? budi.agent.agentId : ayu.agent.agentId;
    expect((await ringFor(socketOf(firstAgent), chat, 'new')).data.assigned).toBe(true);

    // The assigned agent's only socket drops; after the grace period they are offline.
    socketOf(firstAgent).cut();
    const requeued = await ringFor(socketOf(other), chat, 'requeued');
    expect(requeued.data.assigned).toBe(true);
    await visitor.waitForEvent(
      (event) =>
        event.type === 'ChatClaimed' && (event.data as { agentId: string }).agentId === other,
      'claimed by the other agent',
    );
    const routed = (await stream(site.siteId, chat)).filter(
      (event) => event.type === 'ConversationRouted',
    );
    expect(routed.map((event) => event.data)).toEqual([
      expect.objectContaining({ cause: 'started', outcome: 'assign', agentIds: [firstAgent] }),
      expect.objectContaining({
        cause: 'requeued',
        outcome: 'assign',
        agentIds: [other],
        previousAgentId: firstAgent,
      }),
    ]);
    // The new agent may write (the chat is theirs now).
    await socketOf(other).request('message.send', {
      conversationId: chat,
      clientMessageId: 'b1',
      text: 'Saya lanjutkan, ya.',
    });
    for (const socket of [ayuSocket, budiSocket, visitor]) socket.close();
  });

  it('an agent who sets themself offline hands their chat back: the others are rung, the next reply claims it', async () => {
    const site = await siteWith(openAllWeek);
    const ayu = await stack.createAgent(site.siteId, 'Ayu');
    const budi = await stack.createAgent(site.siteId, 'Budi');
    const [ayuSocket, budiSocket] = await Promise.all([
      agentSocket(ayu.token),
      agentSocket(budi.token),
    ]);
    const visitor = await visitorSocket(site);
    const chat = await startChat(visitor);
    await ringFor(ayuSocket, chat, 'new');
    await ayuSocket.request('message.send', {
      conversationId: chat,
      clientMessageId: 'a1',
      text: 'Halo',
    });

    await ayuSocket.request('status.set', { status: 'offline' });
    const requeued = await ringFor(budiSocket, chat, 'requeued');
    expect(requeued.data.assigned).toBe(false);
    expect(rings(ayuSocket, chat).map((frame) => frame.data.reason)).toEqual(['new']);
    // Unclaimed again: Budi's reply claims it, and the visitor is told who has it now.
    await budiSocket.request('message.send', {
      conversationId: chat,
      clientMessageId: 'b1',
      text: 'Saya lanjutkan',
    });
    await visitor.waitForEvent(
      (event) =>
        event.type === 'ChatClaimed' &&
        (event.data as { agentId: string }).agentId === budi.agent.agentId,
      'claimed by Budi',
    );
    for (const socket of [ayuSocket, budiSocket, visitor]) socket.close();
  });

  it('a chat that found nobody waits, honestly, and is assigned once an agent comes online', async () => {
    const site = await siteWith({ ...openAllWeek, routing: 'least-busy' });
    const ayu = await stack.createAgent(site.siteId, 'Ayu');
    const visitor = await visitorSocket(site);
    const chat = await startChat(visitor);
    const nobody = await visitor.waitFor<Queue>(
      (frame) => frame.type === 'queue' && frame.data.conversationId === chat,
      'queue notice',
    );
    expect(nobody.data).toMatchObject({ position: 1, eligibleAgents: 0 });

    const ayuSocket = await agentSocket(ayu.token);
    const ring = await ringFor(ayuSocket, chat, 'new');
    expect(ring.data.assigned).toBe(true);
    const routed = (await stream(site.siteId, chat)).filter(
      (event) => event.type === 'ConversationRouted',
    );
    expect(routed.map((event) => (event.data as { outcome: string }).outcome)).toEqual([
      'queue',
      'assign',
    ]);
    expect((routed[1]?.data as { cause: string }).cause).toBe('retried');
    for (const socket of [ayuSocket, visitor]) socket.close();
  });

  // Last: it wipes presence's Redis state for the whole stack.
  it('after Redis lost its state, limits still hold: loads are rebuilt from the open chats', async () => {
    const site = await siteWith({ ...openAllWeek, routing: 'least-busy', defaultMaxChats: 1 });
    const ayu = await stack.createAgent(site.siteId, 'Ayu');
    const ayuSocket = await agentSocket(ayu.token);
    const first = await visitorSocket(site);
    const held = await startChat(first);
    expect((await ringFor(ayuSocket, held, 'new')).data.assigned).toBe(true);

    // Redis forgets everything (as if restarted empty); the gateway's heartbeats bring Ayu
    // back, and the chat she holds counts on her one slot again: nobody is eligible.
    expect(await stack.wipePresenceState()).toBeGreaterThan(0);
    await waitFor(
      async () => {
        const [{ agents }, availability] = await Promise.all([
          stack.bus.request('presence.online-agents', { siteId: site.siteId }),
          stack.bus.request('presence.availability', { siteId: site.siteId }),
        ]);
        const back = agents.some((agent) => agent.agentId === ayu.agent.agentId);
        return back && availability.eligibleAgents === 0;
      },
      { description: 'Ayu back online and at her limit', timeoutMs: 15_000 },
    );

    const second = await visitorSocket(site);
    const waiting = await startChat(second);
    const routed = await ayuSocket.waitForEvent(
      (event) => event.conversationId === waiting && event.type === 'ConversationRouted',
      'the second chat routed',
    );
    expect(routed.data).toMatchObject({
      outcome: 'queue',
      verdicts: [{ agentId: ayu.agent.agentId, activeChats: 1, excludedBecause: 'at-limit' }],
    });
    expect(rings(ayuSocket, waiting)).toEqual([]);
    for (const socket of [ayuSocket, first, second]) socket.close();
  });
});
