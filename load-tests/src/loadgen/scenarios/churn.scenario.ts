// churn, two modes (MODE):
//   pageviews  visitors arrive and leave: each of SOCKETS slots opens a socket, keeps it for a
//              page view of VIEW_MIN_S..VIEW_MAX_S seconds, closes it and opens the next one
//              (half of them as returning visitors with their token), for DURATION_S seconds.
//   storm      SOCKETS visitors connect and stay; when the gateway goes away (the bench restarts
//              it) every socket reconnects with its visitor token, retrying every RETRY_MS (plus
//              jitter) up to RETRIES times, and must be welcomed again. sapa_reconnect_ms is
//              close → welcome again; the bench times the storm from the gateway's side.
// Every loop is bounded in count and time (DURATION_S).
import type WebSocket from 'ws';
import { num, share, str } from '../plan.js';
import { runPart, sapaConfig } from '../part.js';
import { openVisitor } from '../sapa-socket.js';
import type { WorkerContext } from '../worker-context.js';

interface Slot {
  ws: WebSocket | undefined;
  token: string | undefined;
  welcomed: boolean;
  retries: number;
  lostAt: number | undefined;
  leaving: boolean;
  /** storm: welcomed again after the gateway went away. */
  back: boolean;
}

/** storm: how long sockets stay once all of a worker's are back (the bench counts them then). */
const STORM_HOLD_MS = 5_000;

// eslint-disable-next-line max-lines-per-function -- kept whole for now: one setup sequence; to split
export function churn(ctx: WorkerContext): Promise<void> {
  const config = sapaConfig(ctx);
  const { params } = ctx.spec;
  const storm = str(params, 'MODE', 'pageviews') === 'storm';
  const sockets = num(params, 'SOCKETS', 200);
  const connectRate = num(params, 'CONNECT_RATE', 1000);
  const durationS = num(params, 'DURATION_S', 30);
  const viewMinS = num(params, 'VIEW_MIN_S', 2);
  const viewMaxS = num(params, 'VIEW_MAX_S', 8);
  const retryMs = num(params, 'RETRY_MS', 500);
  const maxRetries = num(params, 'RETRIES', 240);
  const mine = share(sockets, ctx.worker, ctx.workers);
  ctx.metrics.declare([
    'sapa_welcomed',
    ...(storm ? ['sapa_reconnected', 'sapa_gave_up'] : ['sapa_page_views', 'sapa_connect_failed']),
  ]);

  // eslint-disable-next-line max-lines-per-function -- kept whole for now: one setup sequence; to split
  return runPart(ctx, durationS * 1000, (part) => {
    const slots: Slot[] = [];
    let back = 0;
    part.onFinish(() => {
      for (const slot of slots) {
        if (slot.lostAt !== undefined) ctx.metrics.add('sapa_gave_up');
        slot.ws?.close();
      }
    });

    const connect = (slot: Slot) => {
      if (part.closing) return;
      const began = ctx.now();
      slot.welcomed = false;
      slot.ws = openVisitor(
        ctx,
        config,
        {
          onWelcome: (data) => {
            slot.welcomed = true;
            const token = data['visitorToken'];
            slot.token = typeof token === 'string' ? token : undefined;
            slot.retries = 0;
            ctx.metrics.add('sapa_welcomed');
            ctx.metrics.time('sapa_connect_ms', ctx.now() - began);
            if (slot.lostAt !== undefined) {
              ctx.metrics.add('sapa_reconnected');
              ctx.metrics.time('sapa_reconnect_ms', ctx.now() - slot.lostAt);
              slot.lostAt = undefined;
              if (storm && !slot.back) {
                slot.back = true;
                // Every socket of this worker is back: hold a moment, then end early.
                if (++back === mine) part.timers.after(STORM_HOLD_MS, () => part.finish());
              }
            }
            if (!storm) {
              const viewS = viewMinS + Math.random() * (viewMaxS - viewMinS);
              part.timers.after(viewS * 1000, () => {
                slot.leaving = true;
                slot.ws?.close();
              });
            }
          },
          onClose: () => {
            if (part.closing) return;
            if (!storm) {
              if (slot.leaving) {
                ctx.metrics.add('sapa_page_views');
                slot.leaving = false;
                // The next page view: a returning visitor (token) half of the time.
                if (Math.random() < 0.5) slot.token = undefined;
                connect(slot);
              } else {
                ctx.metrics.add('sapa_connect_failed');
                part.timers.after(retryMs, () => connect(slot));
              }
              return;
            }
            // storm: the gateway went away (or refused us while restarting): come back.
            slot.lostAt ??= ctx.now();
            if (++slot.retries > maxRetries) {
              ctx.metrics.add('sapa_gave_up');
              slot.lostAt = undefined;
              return;
            }
            const delay = slot.welcomed
              ? Math.random() * retryMs
              : retryMs + Math.random() * retryMs;
            part.timers.after(delay, () => connect(slot));
          },
        },
        slot.token,
      );
    };

    part.timers.pace(connectRate / ctx.workers, mine, () => {
      const slot: Slot = {
        ws: undefined,
        token: undefined,
        welcomed: false,
        retries: 0,
        lostAt: undefined,
        leaving: false,
        back: false,
      };
      slots.push(slot);
      connect(slot);
    });
  });
}
