import type WebSocket from 'ws';
import { num, share, str } from '../plan.js';
import { runPart } from '../part.js';
import type { WorkerContext } from '../worker-context.js';
import { recordFanoutDelivery } from './checks.js';
import { fanoutKnobs } from './fanout.scenario.js';

/**
 * One side-by-side server's client protocol, as much as the idle and fan-out scenarios need:
 * open a socket that calls `onReady` once it can receive room messages (connected and joined),
 * and `onMessage(seq, sentAtMs)` for every message published to the room.
 */
export interface RelayProtocol {
  open(
    ctx: WorkerContext,
    url: string,
    handlers: { onReady(): void; onMessage(seq: string, at: number): void },
  ): WebSocket;
  /** Publishes message `seq` (sent at `at`) to the room over a ready socket. */
  publish(ws: WebSocket, seq: number, at: number): void;
}

/** The barrier every worker reaches when its subscribers are all ready (or failed). */
const READY = 'relay-ready';

/**
 * The idle and fan-out scenarios against a plain relay server (Socket.IO, Centrifugo).
 * MODE=idle holds SOCKETS sockets for HOLD_S seconds; MODE=fanout holds SUBSCRIBERS sockets in
 * one room while one publisher (worker 0) sends RATE messages/s for DURATION_S seconds, and every
 * subscriber checks every message (sapa_fanout_ms, sapa_lost, sapa_duplicated). The metric
 * names are Sapa's, so the bench compares like with like.
 */
export async function relayScenario(ctx: WorkerContext, protocol: RelayProtocol): Promise<void> {
  const url = ctx.spec.targetUrl;
  if (!url) throw new Error(`scenario ${ctx.spec.scenario} needs targetUrl`);
  const fanout = str(ctx.spec.params, 'MODE', 'idle') === 'fanout';
  ctx.metrics.declare([
    'sapa_welcomed',
    'sapa_connect_failed',
    'sapa_dropped',
    'sapa_lost',
    'sapa_duplicated',
    ...(fanout ? ['sapa_msgs_delivered'] : []),
  ]);
  await Promise.all([
    subscribers(ctx, protocol, url, fanout),
    fanout && ctx.worker === 0 ? publisher(ctx, protocol, url) : Promise.resolve(),
  ]);
}

function subscribers(
  ctx: WorkerContext,
  protocol: RelayProtocol,
  url: string,
  fanout: boolean,
): Promise<void> {
  const { params } = ctx.spec;
  const k = fanoutKnobs(ctx);
  const sockets = fanout ? k.subscribers : num(params, 'SOCKETS', 1000);
  const holdS = num(params, 'HOLD_S', 30);
  const mine = share(sockets, ctx.worker, ctx.workers);
  const rampS = Math.ceil(sockets / k.connectRate);
  const deadlineS = fanout ? k.deadlineS : rampS * 2 + holdS + 30;
  return runPart(ctx, deadlineS * 1000, (part) => {
    const all: Array<{
      ws: WebSocket | undefined;
      seen: Set<string>;
      done: boolean;
      ready: boolean;
    }> = [];
    let settled = 0; // ready or failed
    const allSettled = () => {
      ctx.arrive(READY);
      // idle: hold once every socket is ready, as the Sapa idle scenario does.
      if (!fanout) part.timers.after(holdS * 1000, () => part.finish());
    };
    const settle = () => {
      if (++settled === mine) allSettled();
    };
    if (mine === 0) allSettled();
    part.onFinish(() => {
      for (const s of all) {
        if (fanout) ctx.metrics.add('sapa_lost', Math.max(0, k.total - s.seen.size));
        if (!s.ready && s.ws && s.ws.readyState !== s.ws.CLOSED)
          ctx.metrics.add('sapa_connect_failed');
        s.ws?.close();
      }
    });
    part.timers.pace(k.connectRate / ctx.workers, mine, () => {
      const began = ctx.now();
      const s = {
        ws: undefined as WebSocket | undefined,
        seen: new Set<string>(),
        done: false,
        ready: false,
      };
      const ws = protocol.open(ctx, url, {
        onReady: () => {
          if (s.ready) return;
          s.ready = true;
          ctx.metrics.add('sapa_welcomed');
          ctx.metrics.time('sapa_connect_ms', ctx.now() - began);
          settle();
        },
        onMessage: (seq, at) => {
          if (!fanout) return;
          const complete = recordFanoutDelivery(
            ctx.metrics,
            s,
            { seq, at, now: ctx.now() },
            k.total,
          );
          if (complete && all.length === mine && all.every((x) => x.done)) part.finish();
        },
      });
      s.ws = ws;
      ws.on('close', () => {
        if (part.closing || s.done) return;
        if (s.ready) ctx.metrics.add('sapa_dropped');
        else {
          ctx.metrics.add('sapa_connect_failed');
          settle();
        }
      });
      all.push(s);
    });
  });
}

function publisher(ctx: WorkerContext, protocol: RelayProtocol, url: string): Promise<void> {
  const k = fanoutKnobs(ctx);
  return runPart(ctx, k.deadlineS * 1000, (part) => {
    const ws = protocol.open(ctx, url, {
      onReady: () => {
        void ctx.released(READY, k.rampS * 1000).then(() => {
          if (part.closing) return;
          part.timers.pace(
            k.rate,
            k.total,
            (seq) => protocol.publish(ws, seq, ctx.now()),
            () => part.timers.after(1000, () => part.finish()),
          );
        });
      },
      onMessage: () => undefined,
    });
    part.onFinish(() => ws.close());
  });
}
