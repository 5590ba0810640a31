import type { ScenarioResult, SystemResult } from './bench-report.js';

/** One of the load targets checked against a run: what was asked, what was measured, the gap. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
  /** "×3.2 short", "×1.4 over", or '' when met. */
  readonly gap: string;
  /** What limits it, from the measurements in docs/performance.md ('' when met). */
  readonly limit: string;
}

const TARGET_SOCKETS = 100_000;
const TARGET_KIB_PER_CONNECTION = 12;
const TARGET_MESSAGES_PER_S = 5_000;
const TARGET_RECONNECT_S = 60;
const TARGET_LATENCY_MS = { p50: 5, p99: 25, p999: 100 } as const;

/** Measured limits, each one found and explained in docs/performance.md. */
const LIMITS = {
  sockets:
    'the open-file limit here (hard 20,000 per process): one gateway holds at most ~19,900 sockets',
  memory:
    'live JS heap ~6.1 KB per socket (npm run heap-probe) plus V8 young generation, whose fixed size weighs more at fewer sockets; see "Third pass"',
  append:
    'each message is appended before its ack, and this store (FerretDB on PostgreSQL) does ~1,500 bare inserts/s and three writes per message (npm run chat-capacity: 295-565 msgs/s); see "Fourth pass"',
  reconnect:
    'the open-file limit, and the welcome of a returning visitor (a read of its stream through chat, queued behind chat\'s admission control; ~350 reconnects/s at 19,000); see "Fourth pass"',
  loss: 'see the lost / duplicated counters and the run log',
} as const;

const ratio = (measured: number, target: number, direction: 'at least' | 'at most'): string => {
  if (measured <= 0) return direction === 'at least' ? 'nothing measured' : '';
  const factor = direction === 'at least' ? target / measured : measured / target;
  return `×${factor.toFixed(1)} ${direction === 'at least' ? 'short' : 'over'}`;
};

/**
 * A bound on one figure: counts (`at least`) are shown whole, sizes and times (`at most`) with
 * one decimal.
 */
function bound(
  target: string,
  direction: 'at least' | 'at most',
  measured: number,
  wanted: number,
  unit: string,
  limit: string,
): TargetCheck {
  const met = direction === 'at least' ? measured >= wanted : measured <= wanted;
  const shown =
    direction === 'at least' ? Math.round(measured).toLocaleString('en-US') : measured.toFixed(1);
  return {
    target,
    measured: `${shown}${unit}`,
    met,
    gap: met ? '' : ratio(measured, wanted, direction),
    limit: met ? '' : limit,
  };
}

function latencyChecks(sapa: SystemResult, metric: string, label: string): TargetCheck[] {
  const measured = sapa.latencyMs[metric];
  if (measured === undefined || measured.count === 0) return [];
  return (['p50', 'p99', 'p999'] as const).map((quantile) =>
    bound(
      `${label} ${quantile === 'p999' ? 'p99.9' : quantile} ≤ ${TARGET_LATENCY_MS[quantile]} ms`,
      'at most',
      measured[quantile],
      TARGET_LATENCY_MS[quantile],
      ' ms',
      LIMITS.append,
    ),
  );
}

/** The targets that this scenario measures, checked against Sapa's result. */
export function checkTargets(result: ScenarioResult): TargetCheck[] {
  const sapa = result.results.find((each) => each.system === 'sapa');
  if (!sapa) return [];
  const checks: TargetCheck[] = [];
  if (result.scenario === 'idle') {
    checks.push(
      bound(
        'idle sockets on one gateway ≥ 100,000',
        'at least',
        sapa.connectionsHeld,
        TARGET_SOCKETS,
        '',
        `${LIMITS.sockets}; this run asked for ${String(result.params['SOCKETS'] ?? '?')}`,
      ),
      bound(
        'memory per idle connection ≤ 12 KiB',
        'at most',
        sapa.memoryPerConnectionBytes / 1024,
        TARGET_KIB_PER_CONNECTION,
        ' KiB',
        LIMITS.memory,
      ),
    );
    const centrifugo = result.results.find((each) => each.system === 'centrifugo');
    if (centrifugo && centrifugo.memoryPerConnectionBytes > 0) {
      checks.push(
        bound(
          `memory per idle connection ≤ Centrifugo's (${(centrifugo.memoryPerConnectionBytes / 1024).toFixed(1)} KiB)`,
          'at most',
          sapa.memoryPerConnectionBytes / 1024,
          centrifugo.memoryPerConnectionBytes / 1024,
          ' KiB',
          LIMITS.memory,
        ),
      );
    }
  }
  if (result.scenario === 'chat') {
    checks.push(
      bound(
        'chat messages/s end to end ≥ 5,000',
        'at least',
        sapa.messagesPerSecond,
        TARGET_MESSAGES_PER_S,
        ' msgs/s',
        LIMITS.append,
      ),
      ...latencyChecks(sapa, 'sapa_v2a_ms', 'visitor → agent'),
      ...latencyChecks(sapa, 'sapa_a2v_ms', 'agent → visitor'),
    );
  }
  if (result.scenario === 'storm') {
    const seconds = sapa.extra['storm_seconds'];
    const back = `${sapa.connectionsHeld.toLocaleString('en-US')} back in ${seconds === undefined ? '?' : seconds.toFixed(1)} s`;
    const met =
      sapa.connectionsHeld >= TARGET_SOCKETS &&
      seconds !== undefined &&
      seconds <= TARGET_RECONNECT_S;
    checks.push({
      target: '100,000 reconnects within 60 s of a gateway restart',
      measured: back,
      met,
      gap: met ? '' : ratio(sapa.connectionsHeld, TARGET_SOCKETS, 'at least'),
      limit: met ? '' : LIMITS.reconnect,
    });
  }
  checks.push({
    target: 'zero lost and zero duplicated messages',
    measured: `${sapa.lost} lost, ${sapa.duplicated} duplicated`,
    met: sapa.lost === 0 && sapa.duplicated === 0,
    gap: '',
    limit: sapa.lost === 0 && sapa.duplicated === 0 ? '' : LIMITS.loss,
  });
  return checks;
}

/** The markdown table of `checkTargets`, or nothing when the scenario measures no target. */
export function targetsSection(result: ScenarioResult): string[] {
  const checks = checkTargets(result);
  if (checks.length === 0) return [];
  return [
    '',
    'Load targets (Sapa; limits as measured in docs/performance.md):',
    '',
    '| target | measured | met | by how much | what limits it |',
    '| --- | --- | --- | --- | --- |',
    ...checks.map(
      (check) =>
        `| ${check.target} | ${check.measured} | ${check.met ? 'yes' : 'no'} | ${check.gap} | ${check.limit} |`,
    ),
  ];
}
