import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { startJaeger, waitFor, type TestJaeger } from '@sapa/testkit';
import { ancestry, findTraces, type TraceSpan } from './test-support/jaeger-traces.js';
import { startStack, type Stack } from './test-support/stack.js';
import { WsTestClient } from './test-support/ws-test-client.js';

/**
 * Every service exports its spans over OTLP/HTTP to a real Jaeger; one visitor message is one
 * trace, from the frame at the gateway through chat's command and store append, the JetStream
 * publish, the durable consumers and the fan-out back to the agent's socket.
 */
const SCHOOL = 'http://traces.example';
const TEXT = 'Halo, ini pesan rahasia Putu';
let jaeger: TestJaeger;
let stack: Stack;
let site: SitePublic;
let agentToken: string;

beforeAll(async () => {
  jaeger = await startJaeger();
  stack = await startStack(
    {},
    {},
    {
      OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint,
      // Export within a fraction of a second, so the test waits on spans, not on the batch timer.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
  );
  site = await stack.createSite('SMK Jejak', [SCHOOL]);
  agentToken = (await stack.createAgent(site.siteId, 'Putu')).token;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await jaeger?.dispose();
});

const FRAME = 'frame message.send';
const byName = (spans: readonly TraceSpan[], service: string, name: string) =>
  spans.filter((span) => span.service === service && span.name === name);

describe('a visitor message as one trace', () => {
  it('spans the gateway, chat and the consumers, each under the frame that caused it', async () => {
    const agent = await WsTestClient.connect(`${stack.wsUrl}/ws/agent`, {
      origin: stack.origin,
      token: agentToken,
    });
    const visitor = await WsTestClient.connect(`${stack.wsUrl}/ws/visitor?site=${site.siteKey}`, {
      origin: SCHOOL,
    });
    const { conversationId } = await visitor.request<{ conversationId: string }>(
      'conversation.start',
      { page: { url: `${SCHOOL}/`, title: 'Beranda' } },
    );
    await visitor.request('message.send', { conversationId, clientMessageId: 't-1', text: TEXT });
    await agent.waitForEvent(
      (event) => event.conversationId === conversationId && event.type === 'MessagePosted',
      'the visitor message at the agent',
    );

    // Spans arrive from five processes on their own batch timers: wait for the whole trace.
    const spans = await waitFor(
      async () => {
        const [trace] = await findTraces(jaeger.url, 'gateway', FRAME);
        if (!trace) return false;
        const { spans } = trace;
        const complete =
          byName(spans, 'chat', 'process chat-conversation-list').length > 0 &&
          byName(spans, 'presence', 'process presence-routing').length > 0 &&
          byName(spans, 'gateway', 'fanout to socket').length > 0;
        return complete && spans;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the whole trace in jaeger' },
    );

    const roots = spans.filter((span) => span.parentId === undefined);
    expect(roots.map((span) => `${span.service}:${span.name}`)).toEqual([`gateway:${FRAME}`]);
    const [command] = byName(spans, 'chat', 'chat.post-message');
    expect(command && ancestry(spans, command)).toEqual([
      `gateway:${FRAME}`,
      'gateway:send sapa.v1.rpc.chat.post-message',
      'chat:process sapa.v1.rpc.chat.post-message',
      'chat:chat.post-message',
    ]);
    const [append] = byName(spans, 'chat', 'insertMany events');
    expect(append && ancestry(spans, append).slice(0, 4)).toEqual(
      command && ancestry(spans, command),
    );
    expect(append?.tags).toMatchObject({
      'db.system.name': 'mongodb',
      'db.collection.name': 'events',
    });
    const parentOf = (span: TraceSpan) => spans.find((each) => each.spanId === span.parentId);
    const [publish] = byName(spans, 'chat', 'publish SAPA_EVENTS');
    expect(publish?.kind).toBe('producer');
    expect(publish && parentOf(publish)?.name).toBe('chat.post-message');
    for (const consumer of [
      ...byName(spans, 'chat', 'process chat-conversation-list'),
      ...byName(spans, 'presence', 'process presence-routing'),
    ]) {
      expect(consumer.kind).toBe('consumer');
      expect(parentOf(consumer)?.name).toBe('publish SAPA_EVENTS');
    }
    const [fanout] = byName(spans, 'gateway', 'fanout to socket');
    expect(fanout && ancestry(spans, fanout).slice(-3)).toEqual([
      'chat:publish SAPA_EVENTS',
      'gateway:receive sapa.v1.evt',
      'gateway:fanout to socket',
    ]);
    const [server] = byName(spans, 'chat', 'process sapa.v1.rpc.chat.post-message');
    expect(server?.tags).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': 'sapa.v1.rpc.chat.post-message',
      'messaging.consumer.group.name': 'chat',
    });
    // No personal data: the message text appears in no attribute of any span.
    expect(JSON.stringify(spans)).not.toContain(TEXT);

    visitor.close();
    agent.close();
  }, 90_000);
});
