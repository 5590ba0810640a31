// churn, two modes (MODE):
//   pageviews  visitors arrive and leave: each of SOCKETS slots opens a socket, keeps it for a
//              page view of VIEW_MIN_S..VIEW_MAX_S seconds, closes it and opens the next one (half
//              of them as returning visitors with their token), for DURATION_S seconds.
//   storm      SOCKETS visitors connect and stay; when the gateway goes away (the orchestrator
//              restarts it) every socket reconnects with its visitor token, retrying every
//              RETRY_MS (plus jitter) up to RETRIES times, and must be welcomed again.
//              sapa_reconnect_ms is close → welcome again; the orchestrator times the storm.
// Every loop is bounded in count and time (DURATION_S).
import { Counter, Trend } from 'k6/metrics';
import { setInterval, clearInterval, setTimeout, clearTimeout } from 'k6/timers';
import exec from 'k6/execution';
import { loadConfig, num, openVisitor } from './lib/sapa.js';

const config = loadConfig();
const MODE = __ENV.MODE || 'pageviews';
const SOCKETS = num('SOCKETS', 200);
const PER_VU = num('SOCKETS_PER_VU', 500);
const CONNECT_RATE = num('CONNECT_RATE', 1000);
const DURATION_S = num('DURATION_S', 30);
const VIEW_MIN_S = num('VIEW_MIN_S', 2);
const VIEW_MAX_S = num('VIEW_MAX_S', 8);
const RETRY_MS = num('RETRY_MS', 500);
const RETRIES = num('RETRIES', 240);
const VUS = Math.ceil(SOCKETS / PER_VU);

const welcomed = new Counter('sapa_welcomed');
const pageViews = new Counter('sapa_page_views');
const connectFailed = new Counter('sapa_connect_failed');
const reconnected = new Counter('sapa_reconnected');
const gaveUp = new Counter('sapa_gave_up');
const connectMs = new Trend('sapa_connect_ms', true);
const reconnectMs = new Trend('sapa_reconnect_ms', true);

export const options = {
  scenarios: {
    churn: {
      executor: 'per-vu-iterations',
      vus: VUS,
      iterations: 1,
      maxDuration: `${DURATION_S + 60}s`,
    },
  },
  thresholds:
    MODE === 'storm'
      ? { sapa_gave_up: ['count==0'], sapa_reconnected: [`count>=${num('EXPECT_RECONNECTS', 0)}`] }
      : {
          sapa_connect_failed: [`count<=${num('MAX_CONNECT_FAILED', 0)}`],
          sapa_page_views: ['count>0'],
        },
};

export default function () {
  const vu = exec.scenario.iterationInTest;
  const mine = Math.max(0, Math.min(PER_VU, SOCKETS - vu * PER_VU));
  const slots = [];
  let stopping = false;
  const timers = new Set();
  const later = (fn, ms) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const connect = (slot) => {
    if (stopping) return;
    const began = Date.now();
    slot.welcomed = false;
    slot.ws = openVisitor(
      config,
      {
        onWelcome: (data) => {
          slot.welcomed = true;
          slot.token = data.visitorToken;
          slot.retries = 0;
          welcomed.add(1);
          connectMs.add(Date.now() - began);
          if (slot.lostAt !== undefined) {
            reconnected.add(1);
            reconnectMs.add(Date.now() - slot.lostAt);
            slot.lostAt = undefined;
          }
          if (MODE === 'pageviews') {
            const view = VIEW_MIN_S + Math.random() * (VIEW_MAX_S - VIEW_MIN_S);
            later(() => {
              slot.leaving = true;
              slot.ws.close();
            }, view * 1000);
          }
        },
        onClose: () => {
          if (stopping) return;
          if (MODE === 'pageviews') {
            if (slot.leaving) {
              pageViews.add(1);
              slot.leaving = false;
              // The next page view: a returning visitor (token) half of the time.
              if (Math.random() < 0.5) slot.token = undefined;
              connect(slot);
            } else {
              connectFailed.add(1);
              later(() => connect(slot), RETRY_MS);
            }
            return;
          }
          // storm: the gateway went away (or refused us while restarting): come back.
          if (slot.lostAt === undefined) slot.lostAt = Date.now();
          if (++slot.retries > RETRIES) {
            gaveUp.add(1);
            return;
          }
          const delay = slot.welcomed
            ? Math.random() * RETRY_MS
            : RETRY_MS + Math.random() * RETRY_MS;
          later(() => connect(slot), delay);
        },
        onError: () => undefined,
      },
      slot.token,
    );
  };

  const perTick = Math.max(1, Math.round((CONNECT_RATE / VUS) * 0.02));
  const opener = setInterval(() => {
    for (let i = 0; i < perTick && slots.length < mine; i++) {
      const slot = {
        ws: null,
        token: undefined,
        welcomed: false,
        retries: 0,
        lostAt: undefined,
        leaving: false,
      };
      slots.push(slot);
      connect(slot);
    }
    if (slots.length >= mine) clearInterval(opener);
  }, 20);

  setTimeout(() => {
    stopping = true;
    clearInterval(opener);
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const slot of slots) {
      if (slot.lostAt !== undefined) gaveUp.add(1);
      if (slot.ws) slot.ws.close();
    }
  }, DURATION_S * 1000);
}
