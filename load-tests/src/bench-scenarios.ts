import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchOptions, ScenarioName } from './bench-config.js';
import { machine, systemResult, type ScenarioResult, type SystemResult } from './bench-report.js';
import { ensureCentrifugo, startCentrifugo } from './centrifugo-server.js';
import { counter, runLoad, type LoadResult } from './load-runner.js';
import type { LoadScenarioName, Params, RunConfig } from './loadgen/plan.js';
import { ProcessSampler, sampleProcess, type Sample } from './process-sampler.js';
import { startSapaStack, type SapaStack } from './sapa-stack.js';
import { restartWhenHeld } from './storm-restart.js';

/** Everything one scenario run needs. */
export interface ScenarioContext {
  readonly repoRoot: string;
  readonly options: BenchOptions;
  readonly date: string;
}

interface Measured {
  readonly load: LoadResult;
  readonly samples: Sample[];
  readonly baseline: Sample;
}

/** Samples `pid` while the generator runs; the baseline is taken right before it starts. */
async function measure(
  pid: () => number | undefined,
  run: () => Promise<LoadResult>,
  during?: (sampler: ProcessSampler, baseline: Sample) => Promise<void>,
): Promise<Measured> {
  const current = pid();
  const baseline = current === undefined ? undefined : await sampleProcess(current, 0);
  if (!baseline) throw new Error('the server process is not running');
  const sampler = new ProcessSampler(pid, 1000).start();
  const [load] = await Promise.all([run(), during?.(sampler, baseline)]);
  return { load, samples: sampler.stop(), baseline };
}

/** Runs the generator on the stack given to a `withStack` body, sampling its gateway. */
type MeasureOnStack = (
  scenario: LoadScenarioName,
  params: Params,
  timeoutS: number,
  during?: (sampler: ProcessSampler, baseline: Sample) => Promise<void>,
) => Promise<Measured>;

async function withStack<T>(
  context: ScenarioContext,
  scenario: string,
  agents: number,
  body: (stack: SapaStack, measureOnStack: MeasureOnStack) => Promise<T>,
): Promise<T> {
  const stack = await startSapaStack({
    repoRoot: context.repoRoot,
    agents,
    gatewayNodeFlags: context.options.gatewayNodeFlags,
    gatewayLogFile: join(context.options.resultsDir, `${context.date}-${scenario}-gateway.log`),
  });
  const measureOnStack: MeasureOnStack = (name, params, timeoutS, during) =>
    measure(
      () => stack.gateway.pid,
      load(context, scenario, name, { config: stack.config }, params, timeoutS),
      during,
    );
  try {
    return await body(stack, measureOnStack);
  } finally {
    // The services' warnings (timeouts, version races), kept beside the gateway's log.
    await Promise.all(
      stack.services.map((service) =>
        writeFile(
          join(context.options.resultsDir, `${context.date}-${scenario}-${service.name}.log`),
          service.output(),
        ),
      ),
    );
    await stack.stop();
  }
}

/** A generator run of `scenario` (summary in `<date>-<name>-load.json`, spec beside it). */
function load(
  context: ScenarioContext,
  name: string,
  scenario: LoadScenarioName,
  target: { config: RunConfig } | { targetUrl: string },
  params: Params,
  timeoutS: number,
) {
  const { workers, localAddresses } = context.options;
  return () =>
    runLoad({
      repoRoot: context.repoRoot,
      spec: {
        scenario,
        params,
        ...target,
        ...(workers === undefined ? {} : { workers }),
        ...(localAddresses === undefined ? {} : { localAddresses }),
      },
      summaryPath: join(context.options.resultsDir, `${context.date}-${name}-load.json`),
      timeoutMs: timeoutS * 1000,
    });
}

/** The plain Socket.IO server as a process of its own; resolves with its port and pid. */
async function startSocketIo(repoRoot: string) {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'load-tests', 'dist', 'socketio-main.js'), '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  const port = Number(line.split(' ')[1]);
  return {
    url: `ws://127.0.0.1:${port}`,
    pid: () => (child.exitCode === null ? child.pid : undefined),
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The idle or fan-out scenario against the side-by-side servers: Socket.IO always (with
 * `compare`), Centrifugo when `centrifugo` is on and it is installed or installs.
 */
async function relayRuns(
  context: ScenarioContext,
  scenario: 'idle' | 'fanout',
  params: Params,
  timeoutS: number,
  latencies: readonly string[],
  windowS: number,
  notes: string[],
): Promise<SystemResult[]> {
  const results: SystemResult[] = [];
  const run = async (
    system: 'socketio' | 'centrifugo',
    server: { url: string; pid: () => number | undefined; stop: () => Promise<void> },
  ) => {
    try {
      const measured = await measure(
        server.pid,
        load(
          context,
          `${scenario}-${system}`,
          system,
          { targetUrl: server.url },
          { MODE: scenario, ...params },
          timeoutS,
        ),
      );
      results.push(
        systemResult(system, measured.load, measured.samples, measured.baseline, {
          latencies,
          messagesWindowS: windowS,
        }),
      );
    } finally {
      await server.stop();
    }
  };
  await run('socketio', await startSocketIo(context.repoRoot));
  if (context.options.centrifugo) {
    const installed = await ensureCentrifugo(
      context.repoRoot,
      join(context.options.resultsDir, `${context.date}-centrifugo-install.log`),
    );
    if ('error' in installed) notes.push(`Centrifugo not compared: ${installed.error}`);
    else await run('centrifugo', await startCentrifugo(installed.binary));
  }
  return results;
}

/** Runs one scenario (against Sapa, and Socket.IO where it applies) and returns its result. */
// eslint-disable-next-line max-lines-per-function -- kept whole for now: one setup sequence; to split
export async function runScenario(
  context: ScenarioContext,
  name: ScenarioName,
): Promise<ScenarioResult> {
  const { scale } = context.options;
  const startedAt = new Date();
  const notes: string[] = [];
  const results: SystemResult[] = [];
  let params: Record<string, string | number> = {};
  const sapa = (measured: Measured, latencies: readonly string[], windowS: number) =>
    systemResult('sapa', measured.load, measured.samples, measured.baseline, {
      latencies,
      messagesWindowS: windowS,
    });

  switch (name) {
    case 'idle': {
      const { sockets, holdS, connectRate } = scale.idle;
      params = { SOCKETS: sockets, HOLD_S: holdS, CONNECT_RATE: connectRate };
      const timeoutS = (sockets / connectRate) * 2 + holdS + 120;
      await withStack(context, name, scale.agents, async (stack, measureOnStack) => {
        const measured = await measureOnStack('idle', params, timeoutS);
        results.push(sapa(measured, ['sapa_connect_ms'], 0));
      });
      if (context.options.compare)
        results.push(
          ...(await relayRuns(context, 'idle', params, timeoutS, ['sapa_connect_ms'], 0, notes)),
        );
      break;
    }
    case 'chat': {
      const { visitors, messages, intervalMs, drainS } = scale.chat;
      params = {
        VISITORS: visitors,
        MESSAGES: messages,
        INTERVAL_MS: intervalMs,
        DRAIN_S: drainS,
        AGENTS: scale.agents,
      };
      // Visitors arrive at START_RATE (50/s): the sending window is their arrival plus their messages.
      const windowS = (messages * intervalMs) / 1000 + visitors / 50;
      await withStack(context, name, scale.agents, async (stack, measureOnStack) => {
        const measured = await measureOnStack('chat', params, windowS + drainS + 180);
        results.push(sapa(measured, ['sapa_v2a_ms', 'sapa_a2v_ms', 'sapa_ack_ms'], windowS));
      });
      notes.push(
        'msgs/s counts both directions delivered end to end (visitor → owning agent, agent → visitor), each stored before its ack, over the sending window.',
      );
      break;
    }
    case 'churn': {
      const { sockets, durationS, viewMinS, viewMaxS } = scale.churn;
      params = {
        MODE: 'pageviews',
        SOCKETS: sockets,
        DURATION_S: durationS,
        VIEW_MIN_S: viewMinS,
        VIEW_MAX_S: viewMaxS,
      };
      await withStack(context, name, scale.agents, async (stack, measureOnStack) => {
        const measured = await measureOnStack('churn', params, durationS + 120);
        results.push(sapa(measured, ['sapa_connect_ms'], 0));
        notes.push(
          `page views per second: ${(counter(measured.load, 'sapa_page_views') / durationS).toFixed(0)}`,
        );
      });
      break;
    }
    case 'storm': {
      const { sockets, connectRate, durationS } = scale.storm;
      params = {
        MODE: 'storm',
        SOCKETS: sockets,
        CONNECT_RATE: connectRate,
        DURATION_S: durationS,
        EXPECT_RECONNECTS: sockets,
      };
      await withStack(context, name, scale.agents, async (stack, measureOnStack) => {
        let stormS = -1;
        const measured = await measureOnStack(
          'churn',
          params,
          durationS + 120,
          async (_sampler, baseline) => {
            const outcome = await restartWhenHeld(stack.gateway, {
              sockets,
              baseFds: baseline.fds,
              connectDeadlineMs: (sockets / connectRate) * 3000 + 30_000,
              reconnectDeadlineMs: 120_000,
            });
            stormS = outcome.reconnectS;
            notes.push(
              outcome.restarted
                ? `storm: gateway stop+start took ${outcome.restartS.toFixed(1)} s; ${sockets} sockets were back ` +
                    `${stormS.toFixed(1)} s after it was ready again (-1: not within 120 s; target: 100,000 within 60 s)`
                : 'storm: the sockets were never all connected; no restart was done',
            );
          },
        );
        const result = sapa(measured, ['sapa_reconnect_ms', 'sapa_connect_ms'], 0);
        results.push({ ...result, extra: { ...result.extra, storm_seconds: stormS } });
        notes.push(
          'storm: CPU and RSS figures span two gateway processes (before and after the restart).',
        );
      });
      break;
    }
    case 'fanout': {
      const { subscribers, rate, durationS } = scale.fanout;
      params = { SUBSCRIBERS: subscribers, RATE: rate, DURATION_S: durationS, DRAIN_S: 30 };
      const timeoutS = subscribers / 500 + durationS + 120;
      await withStack(context, name, scale.agents, async (stack, measureOnStack) => {
        const measured = await measureOnStack('fanout', params, timeoutS);
        results.push(sapa(measured, ['sapa_fanout_ms', 'sapa_ack_ms'], durationS));
      });
      if (context.options.compare)
        results.push(
          ...(await relayRuns(
            context,
            'fanout',
            params,
            timeoutS,
            ['sapa_fanout_ms'],
            durationS,
            notes,
          )),
        );
      notes.push(
        'Sapa stores every message before fanning it out; Socket.IO and Centrifugo (no history configured) only relay it.',
      );
      break;
    }
    case 'soak': {
      const { sockets, visitors, intervalMs, durationS } = scale.soak;
      const messages = Math.floor((durationS * 1000) / intervalMs);
      params = {
        SOCKETS: sockets,
        HOLD_S: durationS,
        VISITORS: visitors,
        MESSAGES: messages,
        INTERVAL_MS: intervalMs,
      };
      await withStack(context, name, scale.agents, async (stack, measureOnStack) => {
        const measured = await measureOnStack('soak', params, durationS + 300);
        results.push(sapa(measured, ['sapa_v2a_ms', 'sapa_a2v_ms', 'sapa_ack_ms'], durationS));
        const rss = measured.samples.map((s) => s.rssBytes);
        const third = Math.max(1, Math.floor(rss.length / 3));
        const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
        notes.push(
          `soak: gateway RSS first third ${(avg(rss.slice(0, third)) / 2 ** 20).toFixed(0)} MiB, last third ${(avg(rss.slice(-third)) / 2 ** 20).toFixed(0)} MiB`,
        );
      });
      break;
    }
    default: {
      const unknown: never = name;
      throw new Error(`unknown scenario ${String(unknown)}`);
    }
  }
  return {
    scenario: name,
    scale: scale.name,
    startedAt: startedAt.toISOString(),
    durationS: (Date.now() - startedAt.getTime()) / 1000,
    machine: machine(),
    params,
    results,
    notes,
  };
}
