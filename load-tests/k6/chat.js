// chat: VISITORS visitors chat with the site's agents (every agent in the config file). They
// arrive at START_RATE per second; each visitor starts a conversation and sends MESSAGES messages, one every INTERVAL_MS; the agent
// that owns the conversation (a hash of its id picks one of the agents) answers every visitor
// message. Measured per message:
//   sapa_v2a_ms   visitor sent → owning agent received it (the visitor's text carries the time)
//   sapa_a2v_ms   agent sent → visitor received the answer
//   sapa_ack_ms   message.send → ack (the ack comes only after the message is stored)
// Checked per message: every stored version reaches every socket once and in order
// (sapa_duplicated, sapa_gaps), and every visitor message is echoed and answered within
// DRAIN_S after the last send (sapa_lost). Every loop is bounded in count and time.
import { Counter, Trend } from 'k6/metrics';
import { setInterval, clearInterval, setTimeout, clearTimeout } from 'k6/timers';
import exec from 'k6/execution';
import { loadConfig, num, openAgent, openVisitor, sendFrame } from './lib/sapa.js';

const config = loadConfig();
const AGENTS = config.agents.length;
const VISITORS = num('VISITORS', 100);
const PER_VU = num('VISITORS_PER_VU', 100);
const MESSAGES = num('MESSAGES', 20);
const INTERVAL_MS = num('INTERVAL_MS', 1000);
const DRAIN_S = num('DRAIN_S', 15);
const AGENT_WARMUP_S = num('AGENT_WARMUP_S', 2);
const START_RATE = num('START_RATE', 50);
const VISITOR_VUS = Math.ceil(VISITORS / PER_VU);
const SEND_S = Math.ceil((MESSAGES * INTERVAL_MS) / 1000) + Math.ceil(VISITORS / START_RATE) + 10;
const VISITOR_DEADLINE_S = SEND_S + DRAIN_S + 10;
const AGENT_DEADLINE_S = AGENT_WARMUP_S + VISITOR_DEADLINE_S + 5;

const v2a = new Trend('sapa_v2a_ms', true);
const a2v = new Trend('sapa_a2v_ms', true);
const ackMs = new Trend('sapa_ack_ms', true);
const sent = new Counter('sapa_msgs_sent');
const delivered = new Counter('sapa_msgs_delivered');
const lost = new Counter('sapa_lost');
// Acknowledged (so stored) but never delivered to its own visitor's socket: a real loss.
const lostStored = new Counter('sapa_lost_stored');
const duplicated = new Counter('sapa_duplicated');
const gaps = new Counter('sapa_gaps');
const errors = new Counter('sapa_error_frames');
const dropped = new Counter('sapa_dropped');
const started = new Counter('sapa_conversations');
const retries = new Counter('sapa_retries');
const RETRYABLE = ['timeout', 'unavailable'];
const MAX_TRIES = num('MAX_TRIES', 5);

export const options = {
  scenarios: {
    agents: {
      executor: 'per-vu-iterations',
      exec: 'agent',
      vus: AGENTS,
      iterations: 1,
      maxDuration: `${AGENT_DEADLINE_S + 30}s`,
    },
    visitors: {
      executor: 'per-vu-iterations',
      exec: 'visitor',
      vus: VISITOR_VUS,
      iterations: 1,
      startTime: `${AGENT_WARMUP_S}s`,
      maxDuration: `${VISITOR_DEADLINE_S + 30}s`,
    },
  },
  thresholds: {
    sapa_lost: ['count==0'],
    sapa_lost_stored: ['count==0'],
    sapa_duplicated: ['count==0'],
    sapa_gaps: ['count==0'],
    sapa_error_frames: ['count==0'],
    sapa_dropped: ['count==0'],
    sapa_msgs_delivered: ['count>0'],
  },
};

/** Which agent answers a conversation: a stable hash of its id. */
let reported = 0;
/** Counts a refused frame; the first few are printed so a failed run says why. */
function refused(frame, where) {
  errors.add(1);
  if (reported++ < 5)
    console.warn(`${where}: error frame ${JSON.stringify(frame.error)} (id ${frame.id})`);
}

function ownerOf(conversationId) {
  let hash = 0;
  for (let i = 0; i < conversationId.length; i++)
    hash = (hash * 31 + conversationId.charCodeAt(i)) >>> 0;
  return hash % AGENTS;
}

/** Per socket and conversation: each version once, in order. */
function versionCheck() {
  const last = new Map();
  return (event) => {
    const previous = last.get(event.conversationId) || 0;
    if (event.version <= previous) {
      duplicated.add(1);
      return false;
    }
    if (previous !== 0 && event.version !== previous + 1) gaps.add(event.version - previous - 1);
    last.set(event.conversationId, event.version);
    return true;
  };
}

export function agent() {
  const index = exec.scenario.iterationInTest;
  const me = config.agents[index];
  const fresh = versionCheck();
  let closing = false;
  let replies = 0;
  const pendingAcks = new Map();
  const pendingFrames = new Map();
  const ws = openAgent(config, me.token, {
    onFrame: (frame) => {
      if (frame.type === 'ack') {
        const at = pendingAcks.get(frame.id);
        if (at !== undefined) {
          ackMs.add(Date.now() - at);
          pendingAcks.delete(frame.id);
          pendingFrames.delete(frame.id);
        }
        return;
      }
      if (frame.type === 'error') {
        const retry = pendingFrames.get(frame.id);
        if (retry && RETRYABLE.includes(frame.error.code) && retry.tries < MAX_TRIES) {
          retry.tries++;
          retries.add(1);
          setTimeout(() => sendFrame(ws, retry.frame), 500 * retry.tries);
          return;
        }
        refused(frame, 'agent');
        return;
      }
      if (frame.type !== 'event') return;
      const event = frame.event;
      if (!fresh(event)) return;
      if (event.type !== 'MessagePosted' || event.data.author.kind !== 'visitor') return;
      const [kind, seq, at] = event.data.text.split('|');
      if (kind !== 'v') return;
      if (ownerOf(event.conversationId) !== index) return;
      v2a.add(Date.now() - Number(at));
      delivered.add(1);
      const id = `a${index}-${replies++}`;
      pendingAcks.set(id, Date.now());
      sent.add(1);
      const reply = {
        type: 'message.send',
        id,
        data: {
          conversationId: event.conversationId,
          clientMessageId: `a-${seq}`,
          text: `a|${seq}|${Date.now()}`,
        },
      };
      pendingFrames.set(id, { frame: reply, tries: 1 });
      sendFrame(ws, reply);
    },
    onClose: () => {
      if (!closing) dropped.add(1);
    },
  });
  setTimeout(() => {
    closing = true;
    ws.close();
  }, AGENT_DEADLINE_S * 1000);
}

export function visitor() {
  lostStored.add(0); // reported as 0 rather than absent when nothing was lost
  const vu = exec.scenario.iterationInTest;
  const mine = Math.max(0, Math.min(PER_VU, VISITORS - vu * PER_VU));
  const visitors = [];
  let closing = false;
  let timers = [];

  const finish = () => {
    if (closing) return;
    closing = true;
    for (const t of timers) clearInterval(t);
    clearTimeout(deadline);
    for (const v of visitors) {
      for (const entry of v.outstanding.values()) {
        lost.add(1);
        if (entry.acked && !entry.echoed) lostStored.add(1);
      }
      v.ws.close();
    }
  };

  const startOne = (n) => {
    const v = {
      ws: null,
      conversationId: null,
      seq: 0,
      outstanding: new Map(),
      acks: new Map(),
      frames: new Map(),
      done: new Set(),
      seqOf: new Map(),
    };
    const startFrame = {
      type: 'conversation.start',
      id: 'start',
      data: { page: { url: 'https://school.example/load' } },
    };
    v.frames.set('start', { frame: startFrame, tries: 1 });
    const fresh = versionCheck();
    v.ws = openVisitor(config, {
      onWelcome: () => {
        sendFrame(v.ws, startFrame);
      },
      onFrame: (frame) => {
        if (frame.type === 'error') {
          // The service behind the gateway did not answer in time: a widget sends the same
          // frame again (same clientMessageId, so a message is never stored twice).
          const retry = v.frames.get(frame.id);
          if (retry && RETRYABLE.includes(frame.error.code) && retry.tries < MAX_TRIES) {
            retry.tries++;
            retries.add(1);
            timers.push(setTimeout(() => sendFrame(v.ws, retry.frame), 500 * retry.tries));
            return;
          }
          refused(frame, 'visitor');
          return;
        }
        if (frame.type === 'ack') {
          if (frame.id === 'start') {
            v.conversationId = frame.data.conversationId;
            started.add(1);
            // Spread the visitors' sends over the interval instead of all on one tick.
            timers.push(
              setTimeout(
                () => {
                  const sender = setInterval(() => send(v, sender), INTERVAL_MS);
                  timers.push(sender);
                },
                (n * 37) % INTERVAL_MS,
              ),
            );
            return;
          }
          const at = v.acks.get(frame.id);
          if (at !== undefined) {
            ackMs.add(Date.now() - at);
            v.acks.delete(frame.id);
            const entry = v.outstanding.get(v.seqOf.get(frame.id));
            if (entry) entry.acked = true;
            v.frames.delete(frame.id);
          }
          return;
        }
        if (frame.type !== 'event') return;
        const event = frame.event;
        if (!fresh(event) || event.type !== 'MessagePosted') return;
        const [kind, seq, at] = event.data.text.split('|');
        const entry = v.outstanding.get(seq);
        if (entry === undefined) {
          // A message stored twice (two versions, same text) is a duplicate too.
          if (v.done.has(`${kind}${seq}`)) duplicated.add(1);
          return;
        }
        if (entry[kind]) duplicated.add(1);
        entry[kind] = true;
        v.done.add(`${kind}${seq}`);
        if (kind === 'v') entry.echoed = true;
        if (kind === 'a') {
          a2v.add(Date.now() - Number(at));
          delivered.add(1);
          entry.answered = true;
        }
        if (entry.echoed && entry.answered) v.outstanding.delete(seq);
      },
      onClose: () => {
        if (!closing) dropped.add(1);
      },
    });
    visitors.push(v);
  };

  const send = (v, sender) => {
    if (v.seq >= MESSAGES) {
      clearInterval(sender);
      return;
    }
    const seq = `${vu}.${visitors.indexOf(v)}.${v.seq++}`;
    const id = `m${v.seq}`;
    v.outstanding.set(seq, { echoed: false, answered: false, acked: false });
    v.seqOf.set(id, seq);
    v.acks.set(id, Date.now());
    sent.add(1);
    const frame = {
      type: 'message.send',
      id,
      data: {
        conversationId: v.conversationId,
        clientMessageId: `v-${seq}`,
        text: `v|${seq}|${Date.now()}`,
      },
    };
    v.frames.set(id, { frame, tries: 1 });
    sendFrame(v.ws, frame);
  };

  // Visitors arrive at START_RATE per second in all (conversations start gradually, as on a
  // real site; 500 starts at once overload the chat service, see docs/performance.md).
  let opened = 0;
  const perTickMs = Math.max(5, Math.round((1000 * VISITOR_VUS) / START_RATE));
  const opener = setInterval(() => {
    if (opened < mine) startOne(opened++);
    if (opened >= mine) clearInterval(opener);
  }, perTickMs);
  timers.push(opener);
  // Once everything was sent, wait for the last answers (or give up at DRAIN_S), then stop.
  const waiter = setInterval(() => {
    const allSent =
      opened >= mine && visitors.every((v) => v.conversationId !== null && v.seq >= MESSAGES);
    const settled = visitors.every((v) => v.outstanding.size === 0);
    if (allSent && settled) finish();
  }, 200);
  timers.push(waiter);
  const drainStart = setTimeout(() => {
    timers.push(setTimeout(finish, DRAIN_S * 1000));
  }, SEND_S * 1000);
  timers.push(drainStart);
  const deadline = setTimeout(finish, VISITOR_DEADLINE_S * 1000);
}
