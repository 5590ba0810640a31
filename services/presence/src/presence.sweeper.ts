import type { Logger } from '@sapa/platform';
import type { PresenceService } from './presence.service.js';
import type { PresenceStore } from './presence.store.js';
import type { AvailabilityAnnouncer } from './availability.announcer.js';
import type { VisitorRegistry } from './visitors.service.js';

export interface PresenceSweeperOptions {
  readonly store: PresenceStore;
  readonly service: PresenceService;
  readonly logger: Logger;
  /** The live-visitor registry, swept along with the agents (its sites share the index). */
  readonly visitors?: VisitorRegistry | undefined;
  /** Re-checked for every active site on each sweep, so opening hours take effect on time. */
  readonly availability?: AvailabilityAnnouncer | undefined;
  /** Chat routing's periodic work (SLA escalations, parked chats, queue notices). */
  readonly routing?: { tick(): Promise<void> } | undefined;
  /** Pause between two sweeps (PRESENCE_SWEEP_INTERVAL_MS). */
  readonly intervalMs: number;
}

/** A running sweeper. */
export interface PresenceSweeper {
  /** Runs one sweep now (also what the timer calls); resolves with the agents announced. */
  sweepOnce(): Promise<number>;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/**
 * Nobody calls presence when a gateway crashes: its agents' leases just run out. The sweeper
 * reads every recently active site on a timer so those agents are pruned and announced
 * offline within one interval of their expiry, even if no one asks about the site. Every
 * replica sweeps; the store hands each lapsed agent to exactly one of them.
 */
export function startPresenceSweeper(options: PresenceSweeperOptions): PresenceSweeper {
  const { store, service, intervalMs } = options;
  const logger = options.logger.child({ module: 'presence-sweeper' });
  let running: Promise<number> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const sweep = async (): Promise<number> => {
    // Taken before the reads: a site whose every lease ended by then is fully announced
    // once it has been read, and may leave the index.
    const startedAt = await store.now();
    let announced = 0;
    for (const siteId of await store.activeSites()) {
      announced += await service.sweepSite(siteId);
      if (options.visitors) announced += await options.visitors.sweepSite(siteId);
      if (options.availability) await options.availability.check(siteId);
    }
    await store.forgetSitesIdleSince(startedAt);
    await options.routing?.tick();
    return announced;
  };

  const sweepOnce = (): Promise<number> => {
    // One sweep at a time per replica; a caller during a sweep shares its result.
    running ??= sweep().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      sweepOnce()
        .then((announced) => {
          if (announced > 0) logger.debug({ announced }, 'lapsed agents announced');
        })
        .catch((error: unknown) => {
          // Redis down: the next sweep retries; requests report the outage to their callers.
          logger.warn({ err: error }, 'presence sweep failed');
        })
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    sweepOnce,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
