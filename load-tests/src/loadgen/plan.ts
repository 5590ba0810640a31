import type { Threshold } from './thresholds.js';

/** The scenarios the generator runs; `socketio` and `centrifugo` are the side-by-side servers. */
export const LOAD_SCENARIOS = [
  'idle',
  'chat',
  'churn',
  'fanout',
  'soak',
  'socketio',
  'centrifugo',
] as const;
export type LoadScenarioName = (typeof LOAD_SCENARIOS)[number];

/** What the generator needs to talk to a Sapa stack (the bench writes it beside the results too). */
export interface RunConfig {
  readonly wsUrl: string;
  readonly origin: string;
  readonly siteKey: string;
  readonly agents: ReadonlyArray<{ readonly agentId: string; readonly token: string }>;
}

/** The knobs of one run, by the k6 scripts' names (`SOCKETS`, `HOLD_S`, `MODE` ...). */
export type Params = Readonly<Record<string, string | number>>;

/** One generator run: written to a file by the bench, read by `loadgen-main.js`. */
export interface LoadSpec {
  readonly scenario: LoadScenarioName;
  readonly params: Params;
  /** The Sapa stack (every scenario but `socketio` and `centrifugo`). */
  readonly config?: RunConfig;
  /** The side-by-side server's base URL (`ws://127.0.0.1:port`). */
  readonly targetUrl?: string;
  /** Worker threads (each runs its share of every socket); default: the machine's cores. */
  readonly workers?: number;
  /** Source addresses in 127.0.0.0/8; default: as many as the socket count needs. */
  readonly localAddresses?: readonly string[];
  /** Past this the workers are told to stop and report (a safety net; scenarios bound themselves). */
  readonly stopAfterS: number;
}

/** A numeric knob with a default; throws on a value that is not a number. */
export function num(params: Params, name: string, fallback: number): number {
  const raw = params[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got ${String(raw)}`);
  return value;
}

/** A string knob with a default. */
export function str(params: Params, name: string, fallback: string): string {
  const raw = params[name];
  return raw === undefined || raw === '' ? fallback : String(raw);
}

/** Worker `index`'s part of `total` items split over `parts` workers (the first ones get the remainder). */
export function share(total: number, index: number, parts: number): number {
  const base = Math.floor(total / parts);
  return base + (index < total % parts ? 1 : 0);
}

/** The first global index of worker `index`'s part (its items are `first .. first + share - 1`). */
export function firstOf(total: number, index: number, parts: number): number {
  let first = 0;
  for (let i = 0; i < index; i++) first += share(total, i, parts);
  return first;
}

/** The chat scenario's counters of what went wrong: a passing run leaves each at zero. */
export const CHAT_FAILURE_COUNTERS = [
  'sapa_lost',
  'sapa_lost_stored',
  'sapa_duplicated',
  'sapa_gaps',
  'sapa_error_frames',
  'sapa_dropped',
];

const zero = (...counters: string[]): Threshold[] =>
  counters.map((counter) => ({ counter, max: 0 }));

/** The pass/fail rules of a scenario (k6's thresholds, by the same counters). */
export function thresholdsFor(spec: Pick<LoadSpec, 'scenario' | 'params'>): Threshold[] {
  const { params } = spec;
  const maxConnectFailed = num(params, 'MAX_CONNECT_FAILED', 0);
  switch (spec.scenario) {
    case 'idle':
      return [{ counter: 'sapa_connect_failed', max: maxConnectFailed }, ...zero('sapa_dropped')];
    case 'chat':
      return [...zero(...CHAT_FAILURE_COUNTERS), { counter: 'sapa_msgs_delivered', min: 1 }];
    case 'churn':
      return str(params, 'MODE', 'pageviews') === 'storm'
        ? [
            ...zero('sapa_gave_up'),
            { counter: 'sapa_reconnected', min: num(params, 'EXPECT_RECONNECTS', 0) },
          ]
        : [
            { counter: 'sapa_connect_failed', max: maxConnectFailed },
            { counter: 'sapa_page_views', min: 1 },
          ];
    case 'fanout':
      return zero(
        'sapa_connect_failed',
        'sapa_dropped',
        'sapa_lost',
        'sapa_duplicated',
        'sapa_error_frames',
      );
    case 'soak':
      return zero('sapa_lost', 'sapa_duplicated', 'sapa_gaps', 'sapa_dropped');
    case 'socketio':
    case 'centrifugo':
      return zero('sapa_connect_failed', 'sapa_dropped', 'sapa_lost', 'sapa_duplicated');
    default: {
      const unknown: never = spec.scenario;
      throw new Error(`unknown scenario ${String(unknown)}`);
    }
  }
}

/** How many client sockets a run holds at most (to pick source addresses). */
export function socketsNeeded(spec: Pick<LoadSpec, 'scenario' | 'params' | 'config'>): number {
  const { params } = spec;
  const agents = spec.config?.agents.length ?? 0;
  switch (spec.scenario) {
    case 'idle':
    case 'churn':
      return num(params, 'SOCKETS', 1000);
    case 'chat':
      return num(params, 'VISITORS', 100) + agents;
    case 'fanout':
      return num(params, 'SUBSCRIBERS', 100) + 1;
    case 'soak':
      return num(params, 'SOCKETS', 1000) + num(params, 'VISITORS', 100) + agents;
    case 'socketio':
    case 'centrifugo':
      return str(params, 'MODE', 'idle') === 'fanout'
        ? num(params, 'SUBSCRIBERS', 100) + 1
        : num(params, 'SOCKETS', 1000);
    default: {
      const unknown: never = spec.scenario;
      throw new Error(`unknown scenario ${String(unknown)}`);
    }
  }
}
