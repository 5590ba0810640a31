import { spawn } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { waitFor } from '@sapa/testkit';
import { FrameError, WsTestClient } from './test-support/ws-test-client.js';
import { startStack, type Stack } from './test-support/stack.js';
import { ESTABLISHED, tcpState } from './test-support/tcp-state.js';

/**
 * The gateway's edge guards, each tried against the real gateway process: frame size,
 * half-open sockets, slow or oversized HTTP headers, and one visitor reaching
 * for another's conversation.
 */
const SHOP = 'http://shop.example';
const HEARTBEAT_MS = 1_000;
const HEADERS_TIMEOUT_MS = 1_000;
let stack: Stack;
let site: SitePublic;

beforeAll(async () => {
  stack = await startStack({
    HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS),
    HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    HTTP_REQUEST_TIMEOUT_MS: '2000',
  });
  site = await stack.createSite('Toko Kopi', [SHOP]);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const visitorUrl = () => `${stack.wsUrl}/ws/visitor?site=${site.siteKey}`;
const connectVisitor = (token?: string) =>
  WsTestClient.connect(visitorUrl(), token ? { origin: SHOP, token } : { origin: SHOP });
const tokenOf = (visitor: WsTestClient) => {
  const { data } = visitor.welcome;
  if (data.role !== 'visitor') throw new Error('not a visitor');
  return data.visitorToken;
};
const gatewayPort = () => Number(new URL(stack.httpUrl).port);

async function startChat(visitor: WsTestClient, question: string) {
  const { conversationId } = await visitor.request<{ conversationId: string }>(
    'conversation.start',
    { page: { url: `${SHOP}/menu`, title: 'Menu' }, preChat: { name: 'Rina', question } },
  );
  return conversationId;
}

/** Resolves once the connection of `socket` is closed (by the peer). */
function whenEnded(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
    socket.resume();
  });
}

describe('frame size', () => {
  it('a frame above the hard cap (256 KiB) closes that socket with 1009, not the gateway', async () => {
    const visitor = await connectVisitor();
    const text = 'x'.repeat(257 * 1024);
    visitor.sendRaw(JSON.stringify({ type: 'ping', id: 'big', data: { text } }));
    expect(await visitor.closed()).toBe(1009);
    // Only that socket: the gateway itself is still up and accepting.
    (await connectVisitor()).close();
  });
});

describe('half-open socket', () => {
  it('a client process that stops (SIGSTOP) is dropped within two heartbeat intervals', async () => {
    const script = `
      const WebSocket = require('ws');
      const ws = new WebSocket(process.argv[1], ['sapa.v1'], { origin: process.argv[2] });
      ws.on('message', () => { process.stdout.write(ws._socket.localPort + '\\n'); ws.removeAllListeners('message'); });
      ws.on('error', (error) => { console.error(error); process.exit(1); });
    `;
    const child = spawn(process.execPath, ['-e', script, visitorUrl(), SHOP], {
      cwd: new URL('.', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const port = await new Promise<number>((resolve) =>
        child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
      );
      expect(tcpState(port, gatewayPort())).toBe(ESTABLISHED);
      child.kill('SIGSTOP');
      const stopped = Date.now();
      await waitFor(() => tcpState(port, gatewayPort()) !== ESTABLISHED, {
        timeoutMs: 6 * HEARTBEAT_MS,
      });
      expect(Date.now() - stopped).toBeLessThanOrEqual(2 * HEARTBEAT_MS + 1_000);
    } finally {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
  });
});

describe('HTTP headers', () => {
  const connect = () =>
    new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect(gatewayPort(), '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    });
  const answer = (socket: net.Socket) =>
    new Promise<string>((resolve) => {
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
    });

  it('a slowloris client trickling its headers is cut off after the headers timeout', async () => {
    const socket = await connect();
    const ended = whenEnded(socket);
    const started = Date.now();
    socket.write('GET /widget.js HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write('a');
    }, 100);
    try {
      await Promise.race([
        ended,
        new Promise((_, reject) => setTimeout(() => reject(new Error('still open')), 15_000)),
      ]);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
    expect(Date.now() - started).toBeLessThan(HEADERS_TIMEOUT_MS + 3_000);
  }, 20_000);

  it('refuses oversized headers with 431 and stays up', async () => {
    const socket = await connect();
    const response = answer(socket);
    socket.write(
      `GET /widget.js HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    );
    expect(await response).toMatch(/^HTTP\/1\.1 431/);
    expect((await fetch(`${stack.httpUrl}/widget.js`)).status).toBe(200);
  });

  it('an upgrade whose WebSocket key is pushed past the header count limit is refused, not a crash', async () => {
    const socket = await connect();
    const response = answer(socket);
    const filler = Array.from({ length: 2_100 }, (_, n) => `a${n}: 1\r\n`).join('');
    socket.write(
      `GET /ws/visitor?site=${site.siteKey} HTTP/1.1\r\nHost: localhost\r\nOrigin: ${SHOP}\r\n` +
        `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n${filler}` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: sapa.v1\r\n\r\n`,
    );
    expect(await response).toMatch(/^HTTP\/1\.1 4\d\d/);
    const visitor = await connectVisitor();
    visitor.close();
  });
});

describe('one visitor, another visitor’s conversation', () => {
  it('B cannot resume, write to, close or mail A’s chat, and receives none of its events', async () => {
    const a = await connectVisitor();
    const conversationId = await startChat(a, 'Pesanan saya belum datang');
    const b = await connectVisitor();
    expect(tokenOf(b)).not.toBe(tokenOf(a));
    const REFUSED = /^(not_found|forbidden|not_a_participant)$/;
    const refused = async (type: string, data: unknown) => {
      const error = await b.request(type, data).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FrameError);
      return (error as FrameError).wire.code;
    };
    expect(await refused('conversation.resume', { conversationId, afterVersion: 0 })).toBe(
      'not_found',
    );
    expect(
      await refused('message.send', { conversationId, clientMessageId: 'b-1', text: 'halo' }),
    ).toMatch(REFUSED);
    expect(await refused('conversation.close', { conversationId })).toMatch(REFUSED);
    expect(await refused('transcript.request', { conversationId, email: 'b@example.org' })).toMatch(
      REFUSED,
    );
    await refused('typing', { conversationId, isTyping: true });

    await a.request('message.send', { conversationId, clientMessageId: 'a-1', text: 'rahasia' });
    await a.waitForEvent((event) => event.type === 'MessagePosted', 'A’s own message');
    await b.request('ping');
    expect(b.events(conversationId)).toEqual([]);
    expect(JSON.stringify(b.frames)).not.toContain('rahasia');
    expect(JSON.stringify(b.frames)).not.toContain(conversationId);
    const { events } = await stack.bus.request('chat.read-conversation', {
      siteId: site.siteId,
      conversationId,
    });
    expect(events.map((event) => event.type)).not.toContain('ConversationClosed');
    a.close();
    b.close();
  });
});
