import { parseLocalAddresses } from './loadgen/loopback.js';

/** Sizes of every scenario for one scale (README.md, "Scales"). */
export interface Scale {
  readonly name: string;
  readonly agents: number;
  readonly idle: { sockets: number; holdS: number; connectRate: number };
  readonly chat: { visitors: number; messages: number; intervalMs: number; drainS: number };
  readonly churn: { sockets: number; durationS: number; viewMinS: number; viewMaxS: number };
  readonly storm: { sockets: number; connectRate: number; durationS: number };
  readonly fanout: { subscribers: number; rate: number; durationS: number };
  readonly soak: { sockets: number; visitors: number; intervalMs: number; durationS: number };
}

/**
 * The file-descriptor limit of this sandbox (RLIMIT_NOFILE hard limit 20,000, not raisable
 * without CAP_SYS_RESOURCE) caps one process at ~19,900 sockets: the gateway and the load
 * generator's process alike (its worker threads share one descriptor table). `full` goes as far as that allows; see docs/performance.md.
 */
export const SCALES: Readonly<Record<string, Scale>> = {
  smoke: {
    name: 'smoke',
    agents: 2,
    idle: { sockets: 300, holdS: 3, connectRate: 300 },
    chat: { visitors: 40, messages: 5, intervalMs: 400, drainS: 10 },
    churn: { sockets: 100, durationS: 8, viewMinS: 1, viewMaxS: 3 },
    storm: { sockets: 200, connectRate: 400, durationS: 15 },
    fanout: { subscribers: 100, rate: 10, durationS: 3 },
    soak: { sockets: 100, visitors: 10, intervalMs: 1000, durationS: 10 },
  },
  small: {
    name: 'small',
    agents: 4,
    idle: { sockets: 3_000, holdS: 15, connectRate: 200 },
    chat: { visitors: 100, messages: 20, intervalMs: 1_000, drainS: 20 },
    churn: { sockets: 300, durationS: 30, viewMinS: 3, viewMaxS: 10 },
    storm: { sockets: 2_000, connectRate: 200, durationS: 90 },
    fanout: { subscribers: 200, rate: 10, durationS: 10 },
    soak: { sockets: 1_000, visitors: 20, intervalMs: 2_000, durationS: 60 },
  },
  medium: {
    name: 'medium',
    agents: 4,
    idle: { sockets: 10_000, holdS: 20, connectRate: 1_000 },
    chat: { visitors: 500, messages: 30, intervalMs: 1_000, drainS: 15 },
    churn: { sockets: 2_000, durationS: 60, viewMinS: 5, viewMaxS: 20 },
    storm: { sockets: 10_000, connectRate: 1_000, durationS: 90 },
    fanout: { subscribers: 1_000, rate: 20, durationS: 20 },
    soak: { sockets: 5_000, visitors: 100, intervalMs: 2_000, durationS: 300 },
  },
  full: {
    name: 'full',
    agents: 8,
    idle: { sockets: 19_000, holdS: 30, connectRate: 1_000 },
    chat: { visitors: 2_500, messages: 30, intervalMs: 1_000, drainS: 30 },
    churn: { sockets: 5_000, durationS: 120, viewMinS: 5, viewMaxS: 30 },
    storm: { sockets: 19_000, connectRate: 1_000, durationS: 150 },
    fanout: { subscribers: 5_000, rate: 20, durationS: 30 },
    soak: { sockets: 10_000, visitors: 200, intervalMs: 2_000, durationS: 1_800 },
  },
};

export const ALL_SCENARIOS = ['idle', 'chat', 'churn', 'storm', 'fanout', 'soak'] as const;
export type ScenarioName = (typeof ALL_SCENARIOS)[number];

export interface BenchOptions {
  readonly scale: Scale;
  readonly scenarios: readonly ScenarioName[];
  /** Also run idle and fanout against Socket.IO. */
  readonly compare: boolean;
  /** With `compare`, also against Centrifugo (installed by the bench on first use). */
  readonly centrifugo: boolean;
  /** Worker threads of the load generator (default: one per core). */
  readonly workers: number | undefined;
  /** Source addresses for the generator's sockets (127.0.0.0/8 only); default: as needed. */
  readonly localAddresses: readonly string[] | undefined;
  /** Node flags for the gateway, e.g. --cpu-prof --cpu-prof-dir=... */
  readonly gatewayNodeFlags: readonly string[];
  readonly resultsDir: string;
}

/**
 * Reads the command line: `--scale smoke|small|medium|full`, `--scenarios idle,chat,...`,
 * `--no-compare`, `--no-centrifugo`, `--workers N`, `--local-ips 127.0.0.2-127.0.0.9`,
 * `--profile` (CPU profile of the gateway into the results dir), `--gc-trace`,
 * `--gateway-semi-space-mb <n>` (the gateway's V8 young generation, `--max-semi-space-size`).
 */
export function parseBenchArgs(argv: readonly string[], resultsDir: string): BenchOptions {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const scaleName = value('--scale') ?? 'medium';
  const scale = SCALES[scaleName];
  if (!scale) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const requested = (value('--scenarios') ?? 'idle,chat,churn,storm,fanout').split(',');
  const scenarios = requested.map((name) => {
    if (!(ALL_SCENARIOS as readonly string[]).includes(name))
      throw new Error(`unknown scenario ${name}; known: ${ALL_SCENARIOS.join(', ')}`);
    return name as ScenarioName;
  });
  const flags: string[] = [];
  if (argv.includes('--profile')) flags.push('--cpu-prof', `--cpu-prof-dir=${resultsDir}/profiles`);
  if (argv.includes('--gc-trace')) flags.push('--trace-gc');
  const semiSpace = value('--gateway-semi-space-mb');
  if (semiSpace !== undefined) {
    const mb = Number(semiSpace);
    if (!(Number.isInteger(mb) && mb >= 1 && mb <= 64))
      throw new Error('--gateway-semi-space-mb must be an integer from 1 to 64');
    flags.push(`--max-semi-space-size=${mb}`);
  }
  const workersArg = value('--workers');
  const workers = workersArg === undefined ? undefined : Number(workersArg);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 64))
    throw new Error('--workers must be an integer from 1 to 64');
  const localIps = value('--local-ips');
  return {
    scale,
    scenarios,
    compare: !argv.includes('--no-compare'),
    centrifugo: !argv.includes('--no-compare') && !argv.includes('--no-centrifugo'),
    workers,
    localAddresses: localIps === undefined ? undefined : parseLocalAddresses(localIps),
    gatewayNodeFlags: flags,
    resultsDir,
  };
}
