import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { promtool, waitFor } from '@sapa/testkit';
import { sampleValue, scrape } from './test-support/scrape.js';
import { startStack, type Stack } from './test-support/stack.js';
import { WsTestClient } from './test-support/ws-test-client.js';

/**
 * `/metrics` of every service after a real conversation: the values that should move did,
 * and each scrape passes `promtool check metrics` (Prometheus naming and format).
 */
const SCHOOL = 'http://metrics.example';
let stack: Stack;
let site: SitePublic;
let agentToken: string;

beforeAll(async () => {
  stack = await startStack({}, { PRESENCE_SWEEP_INTERVAL_MS: '200' });
  site = await stack.createSite('SMA Metrik', [SCHOOL]);
  agentToken = (await stack.createAgent(site.siteId, 'Wayan')).token;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const POST = 'sapa.v1.rpc.chat.post-message';

describe('/metrics after a conversation', () => {
  it('counts frames, requests, commands, appends and consumers, and passes promtool', async () => {
    const { gateway, chat, presence, directory } = stack.services;
    const [gatewayBefore, chatBefore] = await Promise.all([scrape(gateway), scrape(chat)]);

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
    await visitor.request('message.send', { conversationId, clientMessageId: 'm-1', text: 'Halo' });
    await agent.waitForEvent(
      (event) => event.conversationId === conversationId && event.type === 'MessagePosted',
      'the visitor message at the agent',
    );
    // A frame refused by its schema is an error frame with a code.
    await expect(visitor.request('message.send', { conversationId })).rejects.toMatchObject({
      wire: { code: 'validation_failed' },
    });

    const delta = (after: string, before: string, name: string, labels = {}) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    const gatewayAfter = await scrape(gateway);
    expect(
      delta(gatewayAfter, gatewayBefore, 'sapa_gateway_frames_received_total', {
        type: 'message.send',
      }),
    ).toBe(1);
    // The refused frame is counted as `invalid`: its type is only trusted once it parsed.
    expect(
      delta(gatewayAfter, gatewayBefore, 'sapa_gateway_frames_received_total', { type: 'invalid' }),
    ).toBe(1);
    expect(
      delta(gatewayAfter, gatewayBefore, 'sapa_gateway_ack_duration_seconds_count', {
        type: 'message.send',
      }),
    ).toBe(1);
    expect(
      delta(gatewayAfter, gatewayBefore, 'sapa_gateway_frame_errors_total', {
        code: 'validation_failed',
      }),
    ).toBe(1);
    expect(delta(gatewayAfter, gatewayBefore, 'sapa_gateway_frames_sent_total')).toBeGreaterThan(3);
    expect(sampleValue(gatewayAfter, 'sapa_gateway_sockets_open', { kind: 'visitor' })).toBe(1);
    expect(sampleValue(gatewayAfter, 'sapa_gateway_sockets_open', { kind: 'agent' })).toBe(1);
    expect(
      delta(gatewayAfter, gatewayBefore, 'sapa_bus_request_duration_seconds_count', {
        subject: POST,
        outcome: 'ok',
      }),
    ).toBe(1);

    const chatAfter = await scrape(chat);
    expect(
      delta(chatAfter, chatBefore, 'sapa_commands_total', {
        command: 'chat.post-message',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      delta(chatAfter, chatBefore, 'sapa_store_append_duration_seconds_count', { outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(2);
    expect(delta(chatAfter, chatBefore, 'sapa_state_cache_lookups_total')).toBeGreaterThanOrEqual(
      2,
    );
    expect(
      delta(chatAfter, chatBefore, 'sapa_events_published_total', { outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sampleValue(chatAfter, 'sapa_consumer_events_total', {
        consumer: 'chat-conversation-list',
        outcome: 'ok',
      }),
    ).toBeGreaterThan(0);
    expect(chatAfter).toMatch(
      /^sapa_consumer_pending_events\{consumer="chat-conversation-list"\} \d+$/m,
    );

    // Presence counts the agent online on their site at its next availability check.
    const presenceAfter = await waitFor(
      async () => {
        const text = await scrape(presence);
        return (
          sampleValue(text, 'sapa_presence_agents_online', { site: site.siteId }) === 1 && text
        );
      },
      { timeoutMs: 15_000, description: 'the agent online in presence metrics' },
    );

    for (const [name, text] of [
      ['gateway', gatewayAfter],
      ['chat', chatAfter],
      ['presence', presenceAfter],
      ['directory', await scrape(directory)],
    ] as const) {
      expect(text).toMatch(/^process_cpu_user_seconds_total /m);
      const checked = await promtool(['check', 'metrics'], text);
      expect({ name, ...checked }).toEqual({ name, code: 0, output: '' });
    }
    visitor.close();
    agent.close();
  }, 60_000);
});
