import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CLOSE_CODES,
  parseRestartHint,
  restartRetryDelayMs,
  type ClientEvent,
  type SitePublic,
} from '@sapa/contracts';
import { WsTestClient } from './test-support/ws-test-client.js';
import { startStack, type Stack } from './test-support/stack.js';

/**
 * A rolling restart of the gateway: two gateways on one stack, visitors on A, the agent on B.
 * A gets SIGTERM; every visitor is told 1012 with a retry hint, waits the hint plus jitter,
 * reconnects to B (no load balancer here: the client picks B's URL) and resumes from the last
 * event it saw. Nothing acknowledged is lost or repeated, and new messages still arrive once.
 */
const SCHOOL = 'http://school.example';
const VISITORS = 20;
const HINT_MS = 300;
let stack: Stack;
let site: SitePublic;
let gatewayB: string;
let agentToken: string;

const visitorUrl = (wsUrl: string) => `${wsUrl}/ws/visitor?site=${site.siteKey}`;
const messages = (events: readonly ClientEvent[]) =>
  events.filter((event) => event.type === 'MessagePosted');
const textOf = (event: { readonly data: unknown }) => (event.data as { text?: string }).text;

interface Visitor {
  readonly client: WsTestClient;
  readonly token: string;
  readonly conversationId: string;
}

async function openVisitor(index: number): Promise<Visitor> {
  const client = await WsTestClient.connect(visitorUrl(stack.wsUrl), { origin: SCHOOL });
  const data = client.welcome.data;
  const token = data.role === 'visitor' ? data.visitorToken : '';
  const { conversationId } = await client.request<{ conversationId: string }>(
    'conversation.start',
    {},
  );
  await client.request('message.send', {
    conversationId,
    clientMessageId: `before-${index}`,
    text: `before ${index}`,
  });
  return { client, token, conversationId };
}

/** What one visitor saw of the restart: the close, and the time until it had resumed on B. */
async function resumeOnB(
  visitor: Visitor,
): Promise<{ code: number; hint: number | undefined; resumeMs: number; again: WsTestClient }> {
  const { code, reason, at } = await new Promise<{ code: number; reason: string; at: number }>(
    (resolve) =>
      visitor.client.ws.once('close', (closeCode: number, why: Buffer) =>
        resolve({ code: closeCode, reason: why.toString('utf8'), at: performance.now() }),
      ),
  );
  // Everything received up to the close counts as seen; resume asks for what came after.
  const lastSeen = Math.max(
    0,
    ...visitor.client.events(visitor.conversationId).map((e) => e.version),
  );
  const delay = restartRetryDelayMs(code, reason) ?? 0;
  await new Promise((resolve) => setTimeout(resolve, delay));
  const again = await WsTestClient.connect(visitorUrl(gatewayB), {
    origin: SCHOOL,
    token: visitor.token,
  });
  await again.request('conversation.resume', {
    conversationId: visitor.conversationId,
    afterVersion: lastSeen,
  });
  return { code, hint: parseRestartHint(reason), resumeMs: performance.now() - at, again };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

beforeAll(async () => {
  stack = await startStack({ RESTART_RETRY_AFTER_MS: String(HINT_MS) });
  site = await stack.createSite('SMA Negeri 3', [SCHOOL]);
  agentToken = (await stack.createAgent(site.siteId, 'Sari')).token;
  gatewayB = (await stack.startGateway()).wsUrl;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('a rolling restart of the gateway', () => {
  it('sends every visitor to the other gateway with a hint, and loses or repeats nothing', async () => {
    const agent = await WsTestClient.connect(`${gatewayB}/ws/agent`, {
      origin: stack.origin,
      token: agentToken,
    });
    const visitors: Visitor[] = [];
    for (let index = 0; index < VISITORS; index++) visitors.push(await openVisitor(index));
    for (const [index] of visitors.entries()) {
      await agent.waitForEvent((event) => textOf(event) === `before ${index}`, `before ${index}`);
    }

    const resumed = visitors.map((visitor) => resumeOnB(visitor));
    await stack.services.gateway.stop();
    const outcomes = await Promise.all(resumed);

    expect(outcomes.map((outcome) => outcome.code)).toEqual(
      visitors.map(() => CLOSE_CODES.serviceRestart),
    );
    expect(outcomes.map((outcome) => outcome.hint)).toEqual(visitors.map(() => HINT_MS));
    for (const outcome of outcomes) expect(outcome.resumeMs).toBeGreaterThanOrEqual(HINT_MS);

    for (const [index, { again }] of outcomes.entries()) {
      const { conversationId } = visitors[index]!;
      await again.request('message.send', {
        conversationId,
        clientMessageId: `after-${index}`,
        text: `after ${index}`,
      });
      await again.waitForEvent((event) => textOf(event) === `after ${index}`, `own echo ${index}`);
    }
    for (const [index] of visitors.entries()) {
      await agent.waitForEvent((event) => textOf(event) === `after ${index}`, `after ${index}`);
    }

    for (const [index, { conversationId }] of visitors.entries()) {
      const { events } = await stack.bus.request('chat.read-conversation', {
        siteId: site.siteId,
        conversationId,
      });
      const stored = events.filter((event) => event.type === 'MessagePosted').map(textOf);
      expect(stored).toEqual([`before ${index}`, `after ${index}`]);
      // The agent saw each message once; the visitor, across both sockets, once too.
      expect(messages(agent.events(conversationId)).map(textOf)).toEqual(stored);
      const seen = [
        ...visitors[index]!.client.events(conversationId),
        ...outcomes[index]!.again.events(conversationId),
      ];
      expect(messages(seen).map(textOf)).toEqual(stored);
    }

    const times = outcomes.map((outcome) => outcome.resumeMs).sort((a, b) => a - b);
    process.stdout.write(
      `rolling restart: ${VISITORS} visitors, hint ${HINT_MS} ms, close→resumed ` +
        `p50 ${percentile(times, 50).toFixed(0)} ms, p99 ${percentile(times, 99).toFixed(0)} ms\n`,
    );
    for (const { again } of outcomes) again.close();
    agent.close();
  }, 120_000);
});
