// idle: SOCKETS visitors connect (at CONNECT_RATE per second in total), get their welcome
// (the gateway registers the visitor and looks up their open conversation and the site's
// availability), then hold the socket for HOLD_S seconds with an app-level ping every PING_S
// seconds, like a widget on an open page. Bounded: every VU stops by itself at the deadline.
import { Counter, Trend } from 'k6/metrics';
import { setInterval, clearInterval, setTimeout, clearTimeout } from 'k6/timers';
import exec from 'k6/execution';
import { loadConfig, num, openVisitor, sendFrame } from './lib/sapa.js';

const config = loadConfig();
const SOCKETS = num('SOCKETS', 1000);
const PER_VU = num('SOCKETS_PER_VU', 500);
const CONNECT_RATE = num('CONNECT_RATE', 1000);
const HOLD_S = num('HOLD_S', 30);
const PING_S = num('PING_S', 25);
const VUS = Math.ceil(SOCKETS / PER_VU);
const RAMP_S = Math.ceil(SOCKETS / CONNECT_RATE);
// The connect phase may be slower than asked for when the gateway saturates: allow twice.
const DEADLINE_S = RAMP_S * 2 + HOLD_S + 30;

const welcomed = new Counter('sapa_welcomed');
const connectFailed = new Counter('sapa_connect_failed');
const dropped = new Counter('sapa_dropped');
const pongs = new Counter('sapa_pongs');
const connectMs = new Trend('sapa_connect_ms', true);

export const options = {
  scenarios: {
    idle: {
      executor: 'per-vu-iterations',
      vus: VUS,
      iterations: 1,
      maxDuration: `${DEADLINE_S + 30}s`,
    },
  },
  thresholds: {
    sapa_connect_failed: [`count<=${num('MAX_CONNECT_FAILED', 0)}`],
    sapa_dropped: ['count==0'],
  },
};

export default function () {
  const vu = exec.scenario.iterationInTest;
  const mine = Math.max(0, Math.min(PER_VU, SOCKETS - vu * PER_VU));
  const perVuRate = CONNECT_RATE / VUS;
  const tickMs = 20;
  const perTick = Math.max(1, Math.round((perVuRate * tickMs) / 1000));
  const sockets = [];
  let opened = 0;
  let closing = false;

  const open = () => {
    const started = Date.now();
    const entry = { ws: null, welcomed: false };
    entry.ws = openVisitor(config, {
      onWelcome: () => {
        entry.welcomed = true;
        welcomed.add(1);
        connectMs.add(Date.now() - started);
      },
      onFrame: (frame) => {
        if (frame.type === 'pong') pongs.add(1);
      },
      onClose: () => {
        if (closing) return;
        if (entry.welcomed) dropped.add(1);
        else connectFailed.add(1);
      },
      onError: () => undefined,
    });
    sockets.push(entry);
  };

  const finish = () => {
    if (closing) return;
    closing = true;
    clearInterval(connector);
    clearInterval(pinger);
    clearTimeout(deadline);
    for (const { ws } of sockets) ws.close();
  };

  const connector = setInterval(() => {
    for (let i = 0; i < perTick && opened < mine; i++, opened++) open();
    if (opened >= mine) {
      clearInterval(connector);
      setTimeout(finish, HOLD_S * 1000);
    }
  }, tickMs);
  const pinger = setInterval(() => {
    for (const { ws, welcomed: ok } of sockets) if (ok) sendFrame(ws, { type: 'ping' });
  }, PING_S * 1000);
  const deadline = setTimeout(finish, DEADLINE_S * 1000);
}
