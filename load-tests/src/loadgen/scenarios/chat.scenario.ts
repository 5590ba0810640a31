// chat: VISITORS visitors chat with the site's agents (every agent in the run config). They
// arrive at START_RATE per second in all; each starts a conversation and sends MESSAGES
// messages, one every INTERVAL_MS; the agent that owns the conversation (a hash of its id picks
// one of the agents) answers every visitor message. Measured per message:
//   sapa_v2a_ms   visitor sent → owning agent received it (the visitor's text carries the time)
//   sapa_a2v_ms   agent sent → visitor received the answer
//   sapa_ack_ms   message.send → ack (the ack comes only after the message is stored)
// Checked per message: every stored version reaches every socket once and in order
// (sapa_duplicated; sapa_gaps on agent sockets, which get every event), every visitor message is echoed and answered within DRAIN_S
// after the last send (sapa_lost), and no acknowledged message is missing from its visitor's
// socket (sapa_lost_stored). `timeout`/`unavailable` answers are resent with the same
// clientMessageId, as a widget does, up to MAX_TRIES. Every loop is bounded in count and time.
import type WebSocket from 'ws';
import { CHAT_FAILURE_COUNTERS, firstOf, num, share } from '../plan.js';
import { runPart, sapaConfig, type Part } from '../part.js';
import { openAgent, openVisitor, parseStamp, sendFrame, type ServerFrame } from '../sapa-socket.js';
import type { WorkerContext } from '../worker-context.js';
import { ownerOf, versionCheck } from './checks.js';

const RETRYABLE = new Set(['timeout', 'unavailable']);
const COUNTERS = [
  'sapa_msgs_sent',
  'sapa_msgs_delivered',
  ...CHAT_FAILURE_COUNTERS,
  'sapa_conversations',
  'sapa_retries',
];
/** The barrier every worker reaches when its visitors are done: then the agents may leave. */
const VISITORS_DONE = 'chat-visitors-done';

interface Pending {
  readonly frame: unknown;
  tries: number;
}

function knobs(ctx: WorkerContext) {
  const { params } = ctx.spec;
  const visitors = num(params, 'VISITORS', 100);
  const messages = num(params, 'MESSAGES', 20);
  const intervalMs = num(params, 'INTERVAL_MS', 1000);
  const drainS = num(params, 'DRAIN_S', 15);
  const warmupS = num(params, 'AGENT_WARMUP_S', 2);
  const startRate = num(params, 'START_RATE', 50);
  const sendS = Math.ceil((messages * intervalMs) / 1000) + Math.ceil(visitors / startRate) + 10;
  const visitorDeadlineS = sendS + drainS + 10;
  return {
    visitors,
    messages,
    intervalMs,
    drainS,
    warmupS,
    startRate,
    sendS,
    visitorDeadlineS,
    agentDeadlineS: warmupS + visitorDeadlineS + 5,
    maxTries: num(params, 'MAX_TRIES', 5),
  };
}

/** The chat scenario in one worker: its share of the agents (by index) and of the visitors. */
export async function chat(ctx: WorkerContext): Promise<void> {
  ctx.metrics.declare(COUNTERS);
  const k = knobs(ctx);
  const agents = sapaConfig(ctx).agents;
  const mine = agents.map((_, i) => i).filter((i) => i % ctx.workers === ctx.worker);
  await Promise.all([
    ...mine.map((index) => agent(ctx, index, k)),
    new Promise<void>((resolve) => setTimeout(resolve, k.warmupS * 1000)).then(() =>
      visitors(ctx, k),
    ),
  ]);
}

function refused(ctx: WorkerContext, frame: ServerFrame, where: string): void {
  ctx.metrics.add('sapa_error_frames');
  ctx.warn(`${where}: error frame ${JSON.stringify(frame.error)} (id ${frame.id ?? '-'})`);
}

/** Resends a frame answered `timeout`/`unavailable` (same clientMessageId), at most maxTries. */
function retried(
  ctx: WorkerContext,
  part: Part,
  ws: WebSocket,
  pending: Pending | undefined,
  frame: ServerFrame,
  maxTries: number,
): boolean {
  if (!pending || !RETRYABLE.has(frame.error?.code ?? '') || pending.tries >= maxTries)
    return false;
  pending.tries++;
  ctx.metrics.add('sapa_retries');
  part.timers.after(500 * pending.tries, () => sendFrame(ws, pending.frame));
  return true;
}

function agent(ctx: WorkerContext, index: number, k: ReturnType<typeof knobs>): Promise<void> {
  const config = sapaConfig(ctx);
  const me = config.agents[index];
  if (!me) return Promise.resolve();
  const agentCount = config.agents.length;
  return runPart(ctx, k.agentDeadlineS * 1000, (part) => {
    const fresh = versionCheck(ctx.metrics, { gaps: true });
    let replies = 0;
    const pending = new Map<string, Pending & { readonly sentAt: number }>();
    const ws = openAgent(ctx, config, me.token, {
      onFrame: (frame) => {
        if (frame.type === 'ack') {
          const sent = frame.id === undefined ? undefined : pending.get(frame.id);
          if (sent && frame.id !== undefined) {
            ctx.metrics.time('sapa_ack_ms', ctx.now() - sent.sentAt);
            pending.delete(frame.id);
          }
          return;
        }
        if (frame.type === 'error') {
          const entry = frame.id === undefined ? undefined : pending.get(frame.id);
          if (!retried(ctx, part, ws, entry, frame, k.maxTries)) refused(ctx, frame, 'agent');
          return;
        }
        const event = frame.type === 'event' ? frame.event : undefined;
        if (!event || !fresh(event)) return;
        if (event.type !== 'MessagePosted' || event.data.author?.kind !== 'visitor') return;
        const { kind, seq, at } = parseStamp(event.data.text);
        if (kind !== 'v' || ownerOf(event.conversationId, agentCount) !== index) return;
        ctx.metrics.time('sapa_v2a_ms', ctx.now() - at);
        ctx.metrics.add('sapa_msgs_delivered');
        const id = `a${index}-${replies++}`;
        const reply = {
          type: 'message.send',
          id,
          data: {
            conversationId: event.conversationId,
            clientMessageId: `a-${seq}`,
            text: `a|${seq}|${ctx.now()}`,
          },
        };
        pending.set(id, { frame: reply, tries: 1, sentAt: ctx.now() });
        ctx.metrics.add('sapa_msgs_sent');
        sendFrame(ws, reply);
      },
      onClose: () => {
        if (!part.closing) ctx.metrics.add('sapa_dropped');
      },
    });
    part.onFinish(() => ws.close());
    // Leave once every worker's visitors are done (plus a moment for the last acks).
    void ctx.released(VISITORS_DONE, k.agentDeadlineS * 1000).then((released) => {
      if (released) part.timers.after(1000, () => part.finish());
    });
  });
}

interface Visitor {
  readonly n: number;
  ws: WebSocket | undefined;
  conversationId: string | undefined;
  seq: number;
  /** seq → what arrived so far of that message. */
  readonly outstanding: Map<string, { echoed: boolean; answered: boolean; acked: boolean }>;
  /** frame id → send time, for the ack latency. */
  readonly acks: Map<string, number>;
  readonly frames: Map<string, Pending>;
  readonly done: Set<string>;
  readonly seqOf: Map<string, string>;
}

// eslint-disable-next-line max-lines-per-function -- kept whole for now: one setup sequence; to split
function visitors(ctx: WorkerContext, k: ReturnType<typeof knobs>): Promise<void> {
  const config = sapaConfig(ctx);
  const mine = share(k.visitors, ctx.worker, ctx.workers);
  const first = firstOf(k.visitors, ctx.worker, ctx.workers);
  const all: Visitor[] = [];
  let opened = 0;
  // eslint-disable-next-line max-lines-per-function -- kept whole for now: one setup sequence; to split
  const part = runPart(ctx, k.visitorDeadlineS * 1000, (part) => {
    part.onFinish(() => {
      for (const v of all) {
        for (const entry of v.outstanding.values()) {
          ctx.metrics.add('sapa_lost');
          if (entry.acked && !entry.echoed) ctx.metrics.add('sapa_lost_stored');
        }
        v.ws?.close();
      }
    });

    const send = (v: Visitor, sender: NodeJS.Timeout) => {
      if (v.seq >= k.messages || v.conversationId === undefined || !v.ws) {
        part.timers.cancel(sender);
        return;
      }
      const seq = `${v.n}.${v.seq++}`;
      const id = `m${v.seq}`;
      v.outstanding.set(seq, { echoed: false, answered: false, acked: false });
      v.seqOf.set(id, seq);
      v.acks.set(id, ctx.now());
      ctx.metrics.add('sapa_msgs_sent');
      const frame = {
        type: 'message.send',
        id,
        data: {
          conversationId: v.conversationId,
          clientMessageId: `v-${seq}`,
          text: `v|${seq}|${ctx.now()}`,
        },
      };
      v.frames.set(id, { frame, tries: 1 });
      sendFrame(v.ws, frame);
    };

    const onFrame = (v: Visitor, fresh: ReturnType<typeof versionCheck>, frame: ServerFrame) => {
      if (!v.ws) return;
      if (frame.type === 'error') {
        // The service behind the gateway did not answer in time: a widget sends the same frame
        // again (same clientMessageId, so a message is never stored twice).
        const pending = frame.id === undefined ? undefined : v.frames.get(frame.id);
        if (!retried(ctx, part, v.ws, pending, frame, k.maxTries)) refused(ctx, frame, 'visitor');
        return;
      }
      if (frame.type === 'ack' && frame.id !== undefined) {
        if (frame.id === 'start') {
          if (v.conversationId !== undefined) return;
          v.conversationId = String(frame.data?.['conversationId']);
          ctx.metrics.add('sapa_conversations');
          // Spread the visitors' sends over the interval instead of all on one tick.
          part.timers.after((v.n * 37) % k.intervalMs, () => {
            const sender: NodeJS.Timeout = part.timers.every(k.intervalMs, () => send(v, sender));
          });
          return;
        }
        const at = v.acks.get(frame.id);
        if (at !== undefined) {
          ctx.metrics.time('sapa_ack_ms', ctx.now() - at);
          v.acks.delete(frame.id);
          const entry = v.outstanding.get(v.seqOf.get(frame.id) ?? '');
          if (entry) entry.acked = true;
          v.frames.delete(frame.id);
        }
        return;
      }
      const event = frame.type === 'event' ? frame.event : undefined;
      if (!event || !fresh(event) || event.type !== 'MessagePosted') return;
      const { kind, seq, at } = parseStamp(event.data.text);
      const entry = v.outstanding.get(seq);
      if (entry === undefined) {
        // A message stored twice (two versions, same text) is a duplicate too.
        if (v.done.has(`${kind}${seq}`)) ctx.metrics.add('sapa_duplicated');
        return;
      }
      if (kind === 'v') {
        if (entry.echoed) ctx.metrics.add('sapa_duplicated');
        entry.echoed = true;
      } else if (kind === 'a') {
        if (entry.answered) ctx.metrics.add('sapa_duplicated');
        entry.answered = true;
        ctx.metrics.time('sapa_a2v_ms', ctx.now() - at);
        ctx.metrics.add('sapa_msgs_delivered');
      } else return;
      v.done.add(`${kind}${seq}`);
      if (entry.echoed && entry.answered) v.outstanding.delete(seq);
    };

    const startOne = (i: number) => {
      const v: Visitor = {
        n: first + i,
        ws: undefined,
        conversationId: undefined,
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
      const fresh = versionCheck(ctx.metrics, { gaps: false });
      v.ws = openVisitor(ctx, config, {
        onWelcome: () => {
          if (v.ws) sendFrame(v.ws, startFrame);
        },
        onFrame: (frame) => onFrame(v, fresh, frame),
        onClose: () => {
          if (!part.closing) ctx.metrics.add('sapa_dropped');
        },
      });
      all.push(v);
      opened++;
    };

    // Visitors arrive at START_RATE per second in all (conversations start gradually, as on a
    // real site; 500 starts at once overload the chat service, see docs/performance.md).
    part.timers.pace(k.startRate / ctx.workers, mine, startOne);
    // Once everything was sent, wait for the last answers (or give up at DRAIN_S), then stop.
    part.timers.every(200, () => {
      const allSent =
        opened >= mine && all.every((v) => v.conversationId !== undefined && v.seq >= k.messages);
      if (allSent && all.every((v) => v.outstanding.size === 0)) part.finish();
    });
    part.timers.after(k.sendS * 1000, () =>
      part.timers.after(k.drainS * 1000, () => part.finish()),
    );
  });
  return part.then(() => ctx.arrive(VISITORS_DONE));
}
