// soak: a steady mix for a longer period — SOCKETS idle visitors held open (idle.js) while
// VISITORS visitors chat with the agents at a gentle rate (chat.js) — so the orchestrator can
// watch the gateway's memory over time. Same knobs as idle.js and chat.js; bounded like them.
import idleVisitor from './idle.js';
import { num } from './lib/sapa.js';

export { agent, visitor } from './chat.js';

const SOCKETS = num('SOCKETS', 1000);
const PER_VU = num('SOCKETS_PER_VU', 500);
const HOLD_S = num('HOLD_S', 300);

export const options = {
  scenarios: {
    idle: {
      executor: 'per-vu-iterations',
      exec: 'idle',
      vus: Math.ceil(SOCKETS / PER_VU),
      iterations: 1,
      maxDuration: `${HOLD_S + 180}s`,
    },
    agents: {
      executor: 'per-vu-iterations',
      exec: 'agent',
      vus: JSON.parse(open(__ENV.SAPA_CONFIG)).agents.length,
      iterations: 1,
      maxDuration: `${HOLD_S + 180}s`,
    },
    visitors: {
      executor: 'per-vu-iterations',
      exec: 'visitor',
      vus: Math.ceil(num('VISITORS', 100) / num('VISITORS_PER_VU', 100)),
      iterations: 1,
      startTime: `${num('AGENT_WARMUP_S', 2)}s`,
      maxDuration: `${HOLD_S + 180}s`,
    },
  },
  thresholds: {
    sapa_lost: ['count==0'],
    sapa_duplicated: ['count==0'],
    sapa_gaps: ['count==0'],
    sapa_dropped: ['count==0'],
  },
};

export function idle() {
  idleVisitor();
}
