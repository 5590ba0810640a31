// fanout: SUBSCRIBERS agent sockets of one site (the config's agents' tokens, round robin) and
// one visitor who posts RATE messages/s for DURATION_S seconds into one conversation. Every
// message is stored, then delivered to every agent socket: sapa_fanout_ms is visitor sent →
// agent socket received, and every socket must get every message once (sapa_lost, sapa_duplicated).
// The same scenario runs against Socket.IO (socketio.js MODE=fanout) for the ratio.
import { Counter, Trend } from 'k6/metrics';
import { setInterval, clearInterval, setTimeout, clearTimeout } from 'k6/timers';
import exec from 'k6/execution';
import { loadConfig, num, openAgent, openVisitor, sendFrame } from './lib/sapa.js';

const config = loadConfig();
const SUBSCRIBERS = num('SUBSCRIBERS', 100);
const PER_VU = num('SOCKETS_PER_VU', 500);
const CONNECT_RATE = num('CONNECT_RATE', 1000);
const RATE = num('RATE', 10);
const DURATION_S = num('DURATION_S', 20);
const DRAIN_S = num('DRAIN_S', 5);
const VUS = Math.ceil(SUBSCRIBERS / PER_VU);
const RAMP_S = Math.ceil(SUBSCRIBERS / CONNECT_RATE) * 2 + 5;
const TOTAL = Math.floor(RATE * DURATION_S);

const welcomed = new Counter('sapa_welcomed');
const connectFailed = new Counter('sapa_connect_failed');
const dropped = new Counter('sapa_dropped');
const fanoutMs = new Trend('sapa_fanout_ms', true);
const ackMs = new Trend('sapa_ack_ms', true);
const delivered = new Counter('sapa_msgs_delivered');
const lost = new Counter('sapa_lost');
const duplicated = new Counter('sapa_duplicated');
const errors = new Counter('sapa_error_frames');

export const options = {
  scenarios: {
    subscribers: {
      executor: 'per-vu-iterations',
      exec: 'subscriber',
      vus: VUS,
      iterations: 1,
      maxDuration: `${RAMP_S + DURATION_S + DRAIN_S + 60}s`,
    },
    publisher: {
      executor: 'per-vu-iterations',
      exec: 'publisher',
      vus: 1,
      iterations: 1,
      startTime: `${RAMP_S}s`,
      maxDuration: `${DURATION_S + DRAIN_S + 30}s`,
    },
  },
  thresholds: {
    sapa_connect_failed: ['count==0'],
    sapa_dropped: ['count==0'],
    sapa_lost: ['count==0'],
    sapa_duplicated: ['count==0'],
    sapa_error_frames: ['count==0'],
  },
};

export function subscriber() {
  const vu = exec.scenario.iterationInTest;
  const mine = Math.max(0, Math.min(PER_VU, SUBSCRIBERS - vu * PER_VU));
  const perTick = Math.max(1, Math.round((CONNECT_RATE / VUS) * 0.02));
  const sockets = [];
  let closing = false;
  const openOne = (n) => {
    const s = { ws: null, ok: false, done: false, seen: new Set() };
    const agent = config.agents[(vu * PER_VU + n) % config.agents.length];
    s.ws = openAgent(config, agent.token, {
      onWelcome: () => {
        s.ok = true;
        welcomed.add(1);
      },
      onFrame: (frame) => {
        if (frame.type !== 'event' || frame.event.type !== 'MessagePosted') return;
        const [kind, seq, at] = frame.event.data.text.split('|');
        if (kind !== 'f') return;
        if (s.seen.has(seq)) {
          duplicated.add(1);
          return;
        }
        s.seen.add(seq);
        delivered.add(1);
        fanoutMs.add(Date.now() - Number(at));
        // Got everything: leave now rather than at the deadline.
        if (s.seen.size === TOTAL) {
          s.done = true;
          s.ws.close();
          if (sockets.every((x) => x.done)) finish();
        }
      },
      onClose: () => {
        if (closing || s.done) return;
        if (s.ok) dropped.add(1);
        else connectFailed.add(1);
      },
    });
    sockets.push(s);
  };
  const opener = setInterval(() => {
    for (let i = 0; i < perTick && sockets.length < mine; i++) openOne(sockets.length);
    if (sockets.length >= mine) clearInterval(opener);
  }, 20);
  const finish = () => {
    if (closing) return;
    closing = true;
    clearTimeout(deadline);
    for (const s of sockets) {
      lost.add(Math.max(0, TOTAL - s.seen.size));
      s.ws.close();
    }
  };
  const deadline = setTimeout(finish, (RAMP_S + DURATION_S + DRAIN_S) * 1000);
}

export function publisher() {
  let seq = 0;
  let conversationId = null;
  const sentAt = new Map();
  const ws = openVisitor(config, {
    onWelcome: () => sendFrame(ws, { type: 'conversation.start', id: 'start', data: {} }),
    onFrame: (frame) => {
      if (frame.type === 'error') errors.add(1);
      if (frame.type !== 'ack') return;
      if (frame.id === 'start') {
        conversationId = frame.data.conversationId;
        const timer = setInterval(() => {
          if (seq >= TOTAL) {
            clearInterval(timer);
            setTimeout(() => ws.close(), DRAIN_S * 1000);
            return;
          }
          const id = `f${seq}`;
          sentAt.set(id, Date.now());
          sendFrame(ws, {
            type: 'message.send',
            id,
            data: { conversationId, clientMessageId: id, text: `f|${seq}|${Date.now()}` },
          });
          seq++;
        }, 1000 / RATE);
        return;
      }
      const at = sentAt.get(frame.id);
      if (at !== undefined) {
        ackMs.add(Date.now() - at);
        sentAt.delete(frame.id);
      }
    },
  });
}
