// The idle and fan-out scenarios against Centrifugo (src/centrifugo-server.ts), speaking its
// documented client protocol v2 in JSON over /connection/websocket: `{"id":1,"connect":{}}`,
// then `{"id":2,"subscribe":{"channel":"bench"}}`; publications arrive as
// `{"push":{"channel":"bench","pub":{"data":…}}}`; the server's ping is an empty `{}`, answered
// with `{}`. One frame may carry several replies, one JSON object per line.
import type WebSocket from 'ws';
import { rawText } from '../sapa-socket.js';
import type { WorkerContext } from '../worker-context.js';
import { relayScenario, type RelayProtocol } from './relay.js';

const CHANNEL = 'bench';

/** A reply or push of Centrifugo's JSON protocol (only the fields read here). */
interface Reply {
  readonly id?: number;
  readonly error?: { readonly code: number; readonly message: string };
  readonly connect?: unknown;
  readonly subscribe?: unknown;
  readonly push?: { readonly channel?: string; readonly pub?: { readonly data?: unknown } };
}

function centrifugoProtocol(ctx: WorkerContext): RelayProtocol {
  return {
    open(_ctx, url, handlers) {
      const ws = ctx.connect(`${url}/connection/websocket`, []);
      ws.on('open', () => ws.send(JSON.stringify({ id: 1, connect: {} })));
      ws.on('message', (data: WebSocket.RawData) => {
        for (const line of rawText(data).split('\n')) {
          if (line.trim() === '') continue;
          const reply = JSON.parse(line) as Reply;
          if (reply.error) {
            ctx.warn(`centrifugo: ${reply.error.code} ${reply.error.message} (id ${reply.id})`);
            continue;
          }
          if (reply.id === undefined && reply.push === undefined) {
            ws.send('{}'); // ping → pong
          } else if (reply.id === 1 && reply.connect) {
            ws.send(JSON.stringify({ id: 2, subscribe: { channel: CHANNEL } }));
          } else if (reply.id === 2 && reply.subscribe) {
            handlers.onReady();
          } else if (reply.push?.channel === CHANNEL && reply.push.pub) {
            const { seq, at } = reply.push.pub.data as { seq: number; at: number };
            handlers.onMessage(String(seq), at);
          }
        }
      });
      return ws;
    },
    publish(ws, seq, at) {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify({ id: 100 + seq, publish: { channel: CHANNEL, data: { seq, at } } }));
    },
  };
}

export function centrifugo(ctx: WorkerContext): Promise<void> {
  return relayScenario(ctx, centrifugoProtocol(ctx));
}
