import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLOSE_CODES, MESSAGE_TEXT_MAX, type SitePublic } from '@sapa/contracts';
import { waitFor } from '@sapa/testkit';
import { WsTestClient } from './test-support/ws-test-client.js';
import { startStack, type Stack } from './test-support/stack.js';
import { ESTABLISHED, tcpState } from './test-support/tcp-state.js';

/**
 * The slow-reader guard on the real gateway: a socket whose unsent data passes
 * SEND_BUFFER_LIMIT_BYTES is closed rather than buffered without bound. The heartbeat is left
 * long here, so that it is the send-buffer limit, not a missed pong, that ends the socket.
 */
const SHOP = 'http://shop.example';
let stack: Stack;
let site: SitePublic;

beforeAll(async () => {
  stack = await startStack({
    HEARTBEAT_INTERVAL_MS: '600000',
    // The test floods its own socket with requests; the rate limits are not under test.
    SOCKET_RATE_PER_S: '10000',
    SOCKET_RATE_BURST: '10000',
    IP_RATE_PER_S: '10000',
    IP_RATE_BURST: '10000',
  });
  site = await stack.createSite('Toko Kopi', [SHOP]);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const connectVisitor = (token?: string) =>
  WsTestClient.connect(
    `${stack.wsUrl}/ws/visitor?site=${site.siteKey}`,
    token ? { origin: SHOP, token } : { origin: SHOP },
  );
const gatewayPort = () => Number(new URL(stack.httpUrl).port);
const tokenOf = (visitor: WsTestClient) => {
  const { data } = visitor.welcome;
  if (data.role !== 'visitor') throw new Error('not a visitor');
  return data.visitorToken;
};

describe('slow reader', () => {
  it('a socket that stops reading is closed while the gateway still has lots to send', async () => {
    const writer = await connectVisitor();
    const { conversationId } = await writer.request<{ conversationId: string }>(
      'conversation.start',
      {
        page: { url: `${SHOP}/menu`, title: 'Menu' },
        preChat: { name: 'Rina', question: 'Luwak?' },
      },
    );
    const text = 'k'.repeat(MESSAGE_TEXT_MAX);
    for (let n = 0; n < 20; n++) {
      await writer.request('message.send', { conversationId, clientMessageId: `m-${n}`, text });
    }
    // The same visitor's second socket stops reading, then asks for the whole chat over and
    // over: about 150 × 20 × 10 KB = 30 MB the gateway would have to hold for it.
    const reader = await connectVisitor(tokenOf(writer));
    const tcp = (reader.ws as unknown as { _socket: net.Socket })._socket;
    tcp.pause();
    expect(tcpState(gatewayPort(), tcp.localPort!)).toBe(ESTABLISHED);
    for (let n = 0; n < 150; n++) {
      reader.sendRaw(
        JSON.stringify({
          type: 'conversation.resume',
          id: `r-${n}`,
          data: { conversationId, afterVersion: 0 },
        }),
      );
    }
    // The gateway's own end leaves ESTABLISHED once it gave up on the socket (its FIN then
    // waits behind the data the reader never took); without the limit it stays and buffers.
    await waitFor(() => tcpState(gatewayPort(), tcp.localPort!) !== ESTABLISHED, {
      timeoutMs: 30_000,
    });
    tcp.resume();
    const code = await reader.closed();
    expect([CLOSE_CODES.slowConsumer, 1006]).toContain(code);
    const answered = reader.frames.filter((frame) => frame.type === 'ack').length;
    expect(answered).toBeLessThan(150);
    writer.close();
  }, 60_000);
});
