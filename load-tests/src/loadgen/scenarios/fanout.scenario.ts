// fanout: SUBSCRIBERS agent sockets of one site (the run's agents' tokens, round robin) and one
// visitor who posts RATE messages/s for DURATION_S seconds into one conversation. Every message
// is stored, then delivered to every agent socket: sapa_fanout_ms is visitor sent → agent socket
// received, and every socket must get every message once (sapa_lost, sapa_duplicated). The
// publisher (in worker 0) starts once every worker's subscribers are welcomed (or after RAMP_S).
// The same scenario runs against Socket.IO and Centrifugo (their scenarios, MODE=fanout).
import type WebSocket from 'ws';
import { firstOf, num, share } from '../plan.js';
import { runPart, sapaConfig } from '../part.js';
import { openAgent, openVisitor, parseStamp, sendFrame } from '../sapa-socket.js';
import type { WorkerContext } from '../worker-context.js';
import { recordFanoutDelivery } from './checks.js';

/** The barrier every worker reaches when its subscribers are all welcomed (or failed). */
export const SUBSCRIBED = 'fanout-subscribed';

/** The fan-out knobs, shared with the side-by-side servers' fan-out. */
export function fanoutKnobs(ctx: WorkerContext) {
  const { params } = ctx.spec;
  const subscribers = num(params, 'SUBSCRIBERS', 100);
  const connectRate = num(params, 'CONNECT_RATE', 1000);
  const rate = num(params, 'RATE', 10);
  const durationS = num(params, 'DURATION_S', 20);
  const drainS = num(params, 'DRAIN_S', 5);
  const rampS = Math.ceil(subscribers / connectRate) * 2 + 5;
  return {
    subscribers,
    connectRate,
    rate,
    durationS,
    drainS,
    rampS,
    total: Math.floor(rate * durationS),
    deadlineS: rampS + durationS + drainS + 5,
  };
}

export async function fanout(ctx: WorkerContext): Promise<void> {
  ctx.metrics.declare([
    'sapa_welcomed',
    'sapa_connect_failed',
    'sapa_dropped',
    'sapa_msgs_delivered',
    'sapa_lost',
    'sapa_duplicated',
    'sapa_error_frames',
  ]);
  await Promise.all([subscribers(ctx), ctx.worker === 0 ? publisher(ctx) : Promise.resolve()]);
}

function subscribers(ctx: WorkerContext): Promise<void> {
  const config = sapaConfig(ctx);
  const k = fanoutKnobs(ctx);
  const mine = share(k.subscribers, ctx.worker, ctx.workers);
  const first = firstOf(k.subscribers, ctx.worker, ctx.workers);
  return runPart(ctx, k.deadlineS * 1000, (part) => {
    const all: Array<{ ws: WebSocket | undefined; seen: Set<string>; done: boolean }> = [];
    let settled = 0; // welcomed or failed
    const settle = () => {
      if (++settled === mine) ctx.arrive(SUBSCRIBED);
    };
    if (mine === 0) ctx.arrive(SUBSCRIBED);
    part.onFinish(() => {
      for (const s of all) {
        ctx.metrics.add('sapa_lost', Math.max(0, k.total - s.seen.size));
        s.ws?.close();
      }
    });
    part.timers.pace(k.connectRate / ctx.workers, mine, (i) => {
      const agent = config.agents[(first + i) % config.agents.length];
      if (!agent) return;
      let welcomed = false;
      const s = { ws: undefined as WebSocket | undefined, seen: new Set<string>(), done: false };
      s.ws = openAgent(ctx, config, agent.token, {
        onWelcome: () => {
          welcomed = true;
          ctx.metrics.add('sapa_welcomed');
          settle();
        },
        onFrame: (frame) => {
          if (frame.type !== 'event' || frame.event?.type !== 'MessagePosted') return;
          const { kind, seq, at } = parseStamp(frame.event.data.text);
          if (kind !== 'f') return;
          const complete = recordFanoutDelivery(
            ctx.metrics,
            s,
            { seq, at, now: ctx.now() },
            k.total,
          );
          if (complete && all.length === mine && all.every((x) => x.done)) part.finish();
        },
        onClose: () => {
          if (part.closing || s.done) return;
          if (welcomed) ctx.metrics.add('sapa_dropped');
          else {
            ctx.metrics.add('sapa_connect_failed');
            settle();
          }
        },
      });
      all.push(s);
    });
  });
}

function publisher(ctx: WorkerContext): Promise<void> {
  const config = sapaConfig(ctx);
  const k = fanoutKnobs(ctx);
  return runPart(ctx, k.deadlineS * 1000, (part) => {
    const sentAt = new Map<string, number>();
    let conversationId: string | undefined;
    let ws: WebSocket | undefined;
    const publish = (socket: WebSocket) => {
      part.timers.pace(
        k.rate,
        k.total,
        (seq) => {
          const id = `f${seq}`;
          sentAt.set(id, ctx.now());
          sendFrame(socket, {
            type: 'message.send',
            id,
            data: { conversationId, clientMessageId: id, text: `f|${seq}|${ctx.now()}` },
          });
        },
        () => {
          // Done once every message is acknowledged (stored), or at DRAIN_S at the latest.
          part.timers.every(100, () => {
            if (sentAt.size === 0) part.finish();
          });
          part.timers.after(k.drainS * 1000, () => part.finish());
        },
      );
    };
    const start = () => {
      const socket = openVisitor(ctx, config, {
        onWelcome: () => sendFrame(socket, { type: 'conversation.start', id: 'start', data: {} }),
        onFrame: (frame) => {
          if (frame.type === 'error') {
            ctx.metrics.add('sapa_error_frames');
            ctx.warn(
              `publisher: error frame ${JSON.stringify(frame.error)} (id ${frame.id ?? '-'})`,
            );
          }
          if (frame.type !== 'ack' || frame.id === undefined) return;
          if (frame.id === 'start') {
            if (conversationId !== undefined) return;
            conversationId = String(frame.data?.['conversationId']);
            publish(socket);
            return;
          }
          const at = sentAt.get(frame.id);
          if (at !== undefined) {
            ctx.metrics.time('sapa_ack_ms', ctx.now() - at);
            sentAt.delete(frame.id);
          }
        },
      });
      ws = socket;
    };
    part.onFinish(() => ws?.close());
    // The conversation starts once the agents are online, as in the k6 script (whose publisher
    // started RAMP_S later): agents coming online while it runs make presence route it again.
    void ctx.released(SUBSCRIBED, k.rampS * 1000).then(() => {
      if (!part.closing) start();
    });
  });
}
