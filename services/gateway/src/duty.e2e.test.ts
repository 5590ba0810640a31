import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DutySettingsInput, ServerFrame, SitePublic, StoredEvent } from '@sapa/contracts';
import { waitFor } from '@sapa/testkit';
import { WsTestClient } from './test-support/ws-test-client.js';
import { startStack, type Stack } from './test-support/stack.js';

/**
 * Duty end to end (real gateway, presence, directory, chat processes): outside business
 * hours the widget is told the site is offline (it then shows the offline form or hides, per
 * the site's setting), and a change of hours reaches every open widget at once as an
 * `availability` frame, without polling.
 */
const AGENCY = 'http://agency.example';
let stack: Stack;
let site: SitePublic;
let agentToken: string;

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const closedAllWeek: DutySettingsInput = { timeZone: 'Asia/Makassar', hours: { weekly: {} } };
const openAllWeek: DutySettingsInput = {
  timeZone: 'Asia/Makassar',
  hours: {
    weekly: Object.fromEntries(WEEK.map((day) => [day, [{ start: '00:00', end: '24:00' }]])),
  },
};

const connectVisitor = () =>
  WsTestClient.connect(`${stack.wsUrl}/ws/visitor?site=${site.siteKey}`, { origin: AGENCY });
const availabilityFrames = (client: WsTestClient) =>
  client.frames.filter(
    (frame): frame is Extract<ServerFrame, { type: 'availability' }> =>
      frame.type === 'availability',
  );

beforeAll(async () => {
  stack = await startStack();
  site = await stack.createSite('Agency', [AGENCY]);
  agentToken = (await stack.createAgent(site.siteId, 'Ayu')).token;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('availability reaches the widget', () => {
  it('outside hours the widget is offline even with an agent online; opening and closing are pushed', async () => {
    await stack.bus.request('directory.update-duty', { siteId: site.siteId, duty: closedAllWeek });
    const agent = await WsTestClient.connect(`${stack.wsUrl}/ws/agent`, {
      origin: stack.origin,
      token: agentToken,
    });
    expect(agent.welcome.data).toMatchObject({ status: 'online' });

    const visitor = await connectVisitor();
    expect(visitor.welcome.data).toMatchObject({ siteOnline: false });
    expect(await stack.bus.request('presence.availability', { siteId: site.siteId })).toMatchObject(
      {
        online: false,
        insideHours: false,
        eligibleAgents: 1,
      },
    );

    // The admin opens the hours: every open widget hears it at once.
    await stack.bus.request('directory.update-duty', { siteId: site.siteId, duty: openAllWeek });
    await visitor.waitFor(
      (frame) => frame.type === 'availability' && frame.data.online,
      'availability online',
    );
    const second = await connectVisitor();
    expect(second.welcome.data).toMatchObject({ siteOnline: true });

    // Closed again (e.g. a one-off closure saved now): both widgets go offline.
    await stack.bus.request('directory.update-duty', {
      siteId: site.siteId,
      duty: {
        ...openAllWeek,
        hours: {
          ...openAllWeek.hours,
          weekly: openAllWeek.hours?.weekly ?? {},
          closures: [
            {
              from: new Date(Date.now() - 60_000).toISOString(),
              to: new Date(Date.now() + 3_600_000).toISOString(),
            },
          ],
        },
      },
    });
    for (const client of [visitor, second]) {
      await client.waitFor(
        (frame) => frame.type === 'availability' && !frame.data.online,
        'availability offline',
      );
    }
    // (The agent's arrival may already have announced the closed state: offline, nothing else.)
    const seen = availabilityFrames(visitor).map((frame) => frame.data.online);
    expect(seen.slice(0, seen.indexOf(true)).every((online) => !online)).toBe(true);
    expect(seen.slice(seen.indexOf(true))).toEqual([true, false]);

    // Inside hours again: online once more.
    await stack.bus.request('directory.update-duty', { siteId: site.siteId, duty: openAllWeek });
    await second.waitFor(
      (frame) =>
        frame.type === 'availability' &&
        frame.data.online &&
        availabilityFrames(second).length >= 2,
      'online again',
    );
    agent.close();
    for (const client of [visitor, second]) client.close();
  });
});

describe('departments', () => {
  it('the widget learns the departments and which are online; chats and offline messages carry the one picked', async () => {
    const school = await stack.createSite('School', [AGENCY]);
    const ayu = await stack.createAgent(school.siteId, 'Ayu');
    await stack.bus.request('directory.update-duty', {
      siteId: school.siteId,
      duty: {
        ...openAllWeek,
        departments: [
          { departmentId: 'sd', name: 'SD' },
          { departmentId: 'smp', name: 'SMP' },
        ],
        agents: [{ agentId: ayu.agent.agentId, departmentIds: ['sd'] }],
      },
    });
    const agent = await WsTestClient.connect(`${stack.wsUrl}/ws/agent`, {
      origin: stack.origin,
      token: ayu.token,
    });
    const visitor = await WsTestClient.connect(`${stack.wsUrl}/ws/visitor?site=${school.siteKey}`, {
      origin: AGENCY,
    });
    const { departments } = await visitor.request<{
      departments: { departmentId: string; name: string; online: boolean }[];
    }>('settings.get');
    expect(departments).toEqual([
      { departmentId: 'sd', name: 'SD', online: true },
      { departmentId: 'smp', name: 'SMP', online: false },
    ]);

    // A chat for SMP, which nobody serves: it carries the department and waits.
    const { conversationId } = await visitor.request<{ conversationId: string }>(
      'conversation.start',
      { department: 'smp' },
    );
    const routed = await agent.waitForEvent(
      (event) => event.conversationId === conversationId && event.type === 'ConversationRouted',
      'routing of the SMP chat',
    );
    expect(routed.data).toMatchObject({
      department: 'smp',
      outcome: 'queue',
      verdicts: [{ agentId: ayu.agent.agentId, excludedBecause: 'other-department' }],
    });
    const started = agent
      .events(conversationId)
      .find((event) => event.type === 'ConversationStarted');
    expect(started?.data).toMatchObject({ department: 'smp' });

    // Ayu goes away: SD goes offline too, and the widget is told per department.
    await agent.request('status.set', { status: 'away' });
    await visitor.waitFor(
      (frame) =>
        frame.type === 'availability' &&
        !frame.data.online &&
        frame.data.departments['sd'] === false,
      'SD offline',
    );
    // The offline form's message carries the department too (the ticket gets it from there).
    const stored: StoredEvent[] = [];
    const subscription = stack.bus.subscribe(
      `sapa.v1.evt.${school.siteId}.offline.>`,
      (payload) => {
        stored.push(payload as StoredEvent);
      },
    );
    await stack.bus.connection.flush();
    const left = await visitor.request<{ offlineMessageId: string }>('offline.leave', {
      name: 'Budi',
      email: 'budi@example.org',
      question: 'Pendaftaran SMP kapan?',
      department: 'smp',
    });
    const message = await waitFor(
      () => stored.find((event) => event.type === 'OfflineMessageLeft'),
      {
        description: 'the offline message published',
      },
    );
    expect(message.data).toMatchObject({
      offlineMessageId: left.offlineMessageId,
      department: 'smp',
    });
    subscription.unsubscribe();
    agent.close();
    visitor.close();
  });
});

describe('duty REST and swaps', () => {
  /** Calls the gateway's REST API as an agent. */
  const api = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${stack.httpUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        origin: stack.origin,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('a swap approved by the supervisor changes who is rung; an agent cannot approve it', async () => {
    const agency = await stack.createSite('Agency 2', [AGENCY]);
    const ayu = await stack.createAgent(agency.siteId, 'Ayu');
    const budi = await stack.createAgent(agency.siteId, 'Budi');
    const sari = await stack.createAgent(agency.siteId, 'Sari', 'supervisor');
    // Today in WITA, whatever the machine's zone: Ayu has today's shift, all day.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(
      new Date(),
    );
    const weekday = new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Makassar',
      weekday: 'short',
    })
      .format(new Date())
      .toLowerCase();
    const duty = {
      ...openAllWeek,
      roster: [{ weekday, start: '00:00', end: '24:00', agentIds: [ayu.agent.agentId] }],
    };
    expect((await api(budi.token, 'PUT', '/site/duty', duty)).status).toBe(403);
    expect((await api(sari.token, 'PUT', '/site/duty', duty)).status).toBe(200);

    const sockets = await Promise.all(
      [ayu, budi].map(({ token }) =>
        WsTestClient.connect(`${stack.wsUrl}/ws/agent`, { origin: stack.origin, token }),
      ),
    );
    const rung = async () =>
      (await api(budi.token, 'GET', '/site/availability')).body['eligibleAgentIds'];
    expect(await rung()).toEqual([ayu.agent.agentId]);

    const requested = await api(ayu.token, 'POST', '/site/duty/swaps', {
      date: today,
      toAgentId: budi.agent.agentId,
    });
    expect(requested.status).toBe(201);
    const swapId = (requested.body['swap'] as { swapId: string }).swapId;
    // Requested is not approved: Ayu is still the one rung.
    expect(await rung()).toEqual([ayu.agent.agentId]);
    expect(
      (await api(budi.token, 'POST', `/site/duty/swaps/${swapId}/decision`, { approve: true }))
        .status,
    ).toBe(403);

    const decided = await api(sari.token, 'POST', `/site/duty/swaps/${swapId}/decision`, {
      approve: true,
    });
    expect(decided).toMatchObject({
      status: 200,
      body: { swap: { status: 'approved', decidedBy: sari.agent.agentId } },
    });
    expect(await rung()).toEqual([budi.agent.agentId]);
    const listed = await api(budi.token, 'GET', '/site/duty');
    expect((listed.body['duty'] as { swaps: unknown[] }).swaps).toHaveLength(1);

    // A real chat now rings Budi, who took the shift, and not Ayu.
    const visitor = await WsTestClient.connect(`${stack.wsUrl}/ws/visitor?site=${agency.siteKey}`, {
      origin: AGENCY,
    });
    const { conversationId } = await visitor.request<{ conversationId: string }>(
      'conversation.start',
      {},
    );
    const [ayuSocket, budiSocket] = sockets as [WsTestClient, WsTestClient];
    await budiSocket.waitFor(
      (frame) => frame.type === 'ring' && frame.data.conversationId === conversationId,
      'Budi rung',
    );
    await ayuSocket.waitForEvent(
      (event) => event.conversationId === conversationId && event.type === 'ConversationRouted',
      'the routing decision at Ayu',
    );
    expect(ayuSocket.frames.filter((frame) => frame.type === 'ring')).toEqual([]);

    // The team list names every agent of the site, without their e-mail addresses.
    const team = await api(budi.token, 'GET', '/site/agents');
    expect(team.status).toBe(200);
    const members = team.body['agents'] as { agentId: string; name: string; role: string }[];
    expect(members.map((member) => member.name).sort()).toEqual(['Ayu', 'Budi', 'Sari']);
    expect(JSON.stringify(members)).not.toContain('@');
    for (const socket of [...sockets, visitor]) socket.close();
  });
});
