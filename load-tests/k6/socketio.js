// The same idle and fan-out scenarios against the plain Socket.IO server (src/socketio-server.ts),
// speaking Engine.IO v4 over a raw WebSocket: `0{…}` open, `40` connect, `2`/`3` ping/pong,
// `42["event",data]` events. MODE=idle holds SOCKETS sockets for HOLD_S seconds; MODE=fanout
// holds SUBSCRIBERS sockets in one room while one publisher sends RATE messages/s for
// DURATION_S seconds, and every subscriber checks every message (sapa_fanout_ms, lost, dup).
import { WebSocket } from 'k6/websockets';
import { Counter, Trend } from 'k6/metrics';
import { setInterval, clearInterval, setTimeout, clearTimeout } from 'k6/timers';
import exec from 'k6/execution';
import { num } from './lib/sapa.js';

const URL = __ENV.SOCKETIO_URL;
const MODE = __ENV.MODE || 'idle';
const SOCKETS = MODE === 'fanout' ? num('SUBSCRIBERS', 100) : num('SOCKETS', 1000);
const PER_VU = num('SOCKETS_PER_VU', 500);
const CONNECT_RATE = num('CONNECT_RATE', 1000);
const HOLD_S = num('HOLD_S', 30);
const RATE = num('RATE', 10);
const DURATION_S = num('DURATION_S', 20);
const DRAIN_S = num('DRAIN_S', 5);
const VUS = Math.ceil(SOCKETS / PER_VU);
const RAMP_S = Math.ceil(SOCKETS / CONNECT_RATE) * 2 + 5;
const TOTAL = Math.floor(RATE * DURATION_S);

const welcomed = new Counter('sapa_welcomed');
const connectFailed = new Counter('sapa_connect_failed');
const dropped = new Counter('sapa_dropped');
const connectMs = new Trend('sapa_connect_ms', true);
const fanoutMs = new Trend('sapa_fanout_ms', true);
const delivered = new Counter('sapa_msgs_delivered');
const lost = new Counter('sapa_lost');
const duplicated = new Counter('sapa_duplicated');

const scenarios = {
  subscribers: {
    executor: 'per-vu-iterations',
    exec: 'subscriber',
    vus: VUS,
    iterations: 1,
    maxDuration: `${RAMP_S + (MODE === 'fanout' ? DURATION_S + DRAIN_S : HOLD_S) + 60}s`,
  },
};
if (MODE === 'fanout') {
  scenarios.publisher = {
    executor: 'per-vu-iterations',
    exec: 'publisher',
    vus: 1,
    iterations: 1,
    startTime: `${RAMP_S}s`,
    maxDuration: `${DURATION_S + 30}s`,
  };
}
export const options = {
  scenarios,
  thresholds: {
    sapa_connect_failed: ['count==0'],
    sapa_dropped: ['count==0'],
    sapa_lost: ['count==0'],
    sapa_duplicated: ['count==0'],
  },
};

function open(onConnected, onEvent) {
  const ws = new WebSocket(`${URL}/socket.io/?EIO=4&transport=websocket&room=bench`);
  ws.onmessage = (message) => {
    const text = message.data;
    if (text === '2') ws.send('3');
    else if (text[0] === '0') ws.send('40');
    else if (text.startsWith('40')) onConnected();
    else if (text.startsWith('42')) onEvent(JSON.parse(text.slice(2)));
  };
  return ws;
}

export function subscriber() {
  const vu = exec.scenario.iterationInTest;
  const mine = Math.max(0, Math.min(PER_VU, SOCKETS - vu * PER_VU));
  const perTick = Math.max(1, Math.round((CONNECT_RATE / VUS) * 0.02));
  const sockets = [];
  let closing = false;
  const finish = () => {
    if (closing) return;
    closing = true;
    clearTimeout(deadline);
    for (const s of sockets) {
      if (MODE === 'fanout') lost.add(Math.max(0, TOTAL - s.seen.size));
      s.ws.close();
    }
  };
  const openOne = () => {
    const began = Date.now();
    const s = { ws: null, ok: false, done: false, seen: new Set() };
    s.ws = open(
      () => {
        s.ok = true;
        welcomed.add(1);
        connectMs.add(Date.now() - began);
      },
      ([name, payload]) => {
        if (name !== 'msg') return;
        if (s.seen.has(payload.seq)) {
          duplicated.add(1);
          return;
        }
        s.seen.add(payload.seq);
        delivered.add(1);
        fanoutMs.add(Date.now() - payload.at);
        // Got everything: leave now rather than at the deadline.
        if (s.seen.size === TOTAL) {
          s.done = true;
          s.ws.close();
          if (sockets.every((x) => x.done)) finish();
        }
      },
    );
    s.ws.onclose = () => {
      if (closing || s.done) return;
      if (s.ok) dropped.add(1);
      else connectFailed.add(1);
    };
    sockets.push(s);
  };
  const opener = setInterval(() => {
    for (let i = 0; i < perTick && sockets.length < mine; i++) openOne();
    if (sockets.length >= mine) clearInterval(opener);
  }, 20);
  const holdS =
    MODE === 'fanout' ? RAMP_S + DURATION_S + DRAIN_S : Math.ceil(SOCKETS / CONNECT_RATE) + HOLD_S;
  const deadline = setTimeout(finish, holdS * 1000);
}

export function publisher() {
  let seq = 0;
  const ws = open(
    () => {
      const timer = setInterval(() => {
        if (seq >= TOTAL) {
          clearInterval(timer);
          ws.close();
          return;
        }
        ws.send(`42${JSON.stringify(['pub', { seq: seq++, at: Date.now() }])}`);
      }, 1000 / RATE);
    },
    () => undefined,
  );
}
