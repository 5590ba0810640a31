import type { RunConfig } from './plan.js';
import { TimerGroup } from './timers.js';
import type { WorkerContext } from './worker-context.js';

/** One bounded part of a scenario in one worker (the idle sockets, the agents, the visitors ...). */
export interface Part {
  readonly timers: TimerGroup;
  /** True once the part is finishing: closes from then on are ours, not drops. */
  readonly closing: boolean;
  /** Ends the part (idempotent): runs the finish hooks, clears its timers, settles `runPart`. */
  finish(): void;
  /** Runs at finish, before the timers are cleared (count what is missing, close sockets). */
  onFinish(fn: () => void): void;
}

/**
 * Runs `body` until it calls `finish()`, or `deadlineMs` passes, or the main thread asks the
 * workers to stop: every part ends by itself.
 */
export function runPart(
  ctx: WorkerContext,
  deadlineMs: number,
  body: (part: Part) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const hooks: Array<() => void> = [];
    const timers = new TimerGroup();
    const part = {
      timers,
      closing: false,
      finish() {
        if (part.closing) return;
        part.closing = true;
        for (const hook of hooks) hook();
        timers.clear();
        resolve();
      },
      onFinish(fn: () => void) {
        hooks.push(fn);
      },
    };
    timers.after(deadlineMs, () => part.finish());
    ctx.onStop(() => part.finish());
    try {
      body(part);
    } catch (error) {
      ctx.warn(`scenario part failed: ${String(error)}`);
      part.finish();
    }
  });
}

/** The Sapa stack's config; the Sapa scenarios cannot run without it. */
export function sapaConfig(ctx: WorkerContext): RunConfig {
  const config = ctx.spec.config;
  if (!config) throw new Error(`scenario ${ctx.spec.scenario} needs the Sapa run config`);
  return config;
}
