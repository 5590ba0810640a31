// The idle and fan-out scenarios against the plain Socket.IO server (src/socketio-server.ts),
// speaking Engine.IO v4 over a raw WebSocket: `0{…}` open, `40` connect, `2`/`3` ping/pong,
// `42["event",data]` events. Every client joins the room `bench`; `pub` is relayed as `msg`.
import type WebSocket from 'ws';
import { rawText } from '../sapa-socket.js';
import type { WorkerContext } from '../worker-context.js';
import { relayScenario, type RelayProtocol } from './relay.js';

const socketIo: RelayProtocol = {
  open(ctx, url, handlers) {
    const ws = ctx.connect(`${url}/socket.io/?EIO=4&transport=websocket&room=bench`, []);
    ws.on('message', (data: WebSocket.RawData) => {
      const text = rawText(data);
      if (text === '2') ws.send('3');
      else if (text.startsWith('0')) ws.send('40');
      else if (text.startsWith('40')) handlers.onReady();
      else if (text.startsWith('42')) {
        const [name, payload] = JSON.parse(text.slice(2)) as [string, { seq: number; at: number }];
        if (name === 'msg') handlers.onMessage(String(payload.seq), payload.at);
      }
    });
    return ws;
  },
  publish(ws, seq, at) {
    if (ws.readyState === ws.OPEN) ws.send(`42${JSON.stringify(['pub', { seq, at }])}`);
  },
};

export function socketio(ctx: WorkerContext): Promise<void> {
  return relayScenario(ctx, socketIo);
}
