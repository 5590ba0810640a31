// idle: SOCKETS visitors connect (at CONNECT_RATE per second in total), get their welcome
// (the gateway registers the visitor and looks up the site's availability), then, once every
// socket of the worker is welcomed (or failed), hold them for HOLD_S seconds with an app-level
// ping every PING_S seconds, like a widget on an open page. A socket still without its welcome
// at the end counts as a failed connect. Bounded: the part stops itself at its deadline.
import type WebSocket from 'ws';
import { num, share } from '../plan.js';
import { runPart, sapaConfig } from '../part.js';
import { openVisitor, sendFrame } from '../sapa-socket.js';
import type { WorkerContext } from '../worker-context.js';

export function idle(ctx: WorkerContext): Promise<void> {
  const config = sapaConfig(ctx);
  const { params } = ctx.spec;
  const sockets = num(params, 'SOCKETS', 1000);
  const connectRate = num(params, 'CONNECT_RATE', 1000);
  const holdS = num(params, 'HOLD_S', 30);
  const pingS = num(params, 'PING_S', 25);
  const mine = share(sockets, ctx.worker, ctx.workers);
  const rampS = Math.ceil(sockets / connectRate);
  // The connect phase may be slower than asked for when the gateway saturates: allow twice.
  const deadlineS = rampS * 2 + holdS + 30;
  ctx.metrics.declare(['sapa_welcomed', 'sapa_connect_failed', 'sapa_dropped', 'sapa_pongs']);

  return runPart(ctx, deadlineS * 1000, (part) => {
    const held: Array<{ ws: WebSocket | undefined; welcomed: boolean; closed: boolean }> = [];
    let settled = 0;
    const settle = () => {
      if (++settled === mine) part.timers.after(holdS * 1000, () => part.finish());
    };
    if (mine === 0) part.finish();
    const open = () => {
      const began = ctx.now();
      const entry = { ws: undefined as WebSocket | undefined, welcomed: false, closed: false };
      entry.ws = openVisitor(ctx, config, {
        onWelcome: () => {
          if (entry.welcomed) return;
          entry.welcomed = true;
          ctx.metrics.add('sapa_welcomed');
          ctx.metrics.time('sapa_connect_ms', ctx.now() - began);
          settle();
        },
        onFrame: (frame) => {
          if (frame.type === 'pong') ctx.metrics.add('sapa_pongs');
        },
        onClose: () => {
          if (part.closing) return;
          entry.closed = true;
          ctx.metrics.add(entry.welcomed ? 'sapa_dropped' : 'sapa_connect_failed');
          if (!entry.welcomed) settle();
        },
      });
      held.push(entry);
    };
    part.onFinish(() => {
      for (const entry of held) {
        // Never welcomed by the deadline: as good as a failed connect.
        if (!entry.welcomed && !entry.closed) ctx.metrics.add('sapa_connect_failed');
        entry.ws?.close();
      }
    });
    part.timers.pace(connectRate / ctx.workers, mine, open);
    part.timers.every(pingS * 1000, () => {
      for (const { ws, welcomed } of held) if (ws && welcomed) sendFrame(ws, { type: 'ping' });
    });
  });
}
