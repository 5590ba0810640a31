import {
  availabilitySubject,
  type AgentPresence,
  type AvailabilityChanged,
  type AvailabilityDetail,
  type DutySettings,
} from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import { presenceMetrics } from './presence-telemetry.js';
import { availabilityOf } from './duty/availability.rules.js';
import type { DutySource } from './duty/duty.cache.js';
import type { PresenceStore } from './presence.store.js';
import { SiteTask } from './site-task.js';

export interface AvailabilityAnnouncerOptions {
  readonly store: PresenceStore;
  readonly duty: DutySource;
  /** The site's online and away agents (reading prunes lapses). */
  readonly readAgents: (siteId: string) => Promise<AgentPresence[]>;
  /** Open chats per agent of the site (routing's loads); none known: every agent at 0. */
  readonly loads?: (siteId: string) => Promise<Record<string, number>>;
  readonly publish: (subject: string, payload: AvailabilityChanged) => void;
  readonly logger: Logger;
  /** How long the last announced value is remembered (after that, it is announced again). */
  readonly rememberMs: number;
  readonly now?: () => number;
}

/**
 * Decides a site's availability (hours × roster × presence × limits) and announces it on
 * `availabilitySubject(siteId)` whenever it changes, so gateways push it to every widget at
 * once. Called after agent changes, duty changes and on the sweeper's tick (hour boundaries).
 */
export class AvailabilityAnnouncer {
  readonly #options: AvailabilityAnnouncerOptions;
  readonly #logger: Logger;
  readonly #checks: SiteTask;

  constructor(options: AvailabilityAnnouncerOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ module: 'availability' });
    this.#checks = new SiteTask(
      (siteId) => this.check(siteId),
      (error, siteId) => this.#logger.warn({ err: error, siteId }, 'availability check failed'),
    );
  }

  /** The site's availability now. */
  async detail(siteId: string): Promise<AvailabilityDetail> {
    return (await this.detailWithAgents(siteId)).detail;
  }

  /** The availability and the agents it was computed from (one read of the site). */
  async detailWithAgents(
    siteId: string,
  ): Promise<{ detail: AvailabilityDetail; agents: AgentPresence[]; duty: DutySettings }> {
    const { duty, readAgents, loads } = this.#options;
    const [settings, agents, load] = await Promise.all([
      duty.get(siteId),
      readAgents(siteId),
      loads ? loads(siteId) : Promise.resolve({}),
    ]);
    const now = (this.#options.now ?? Date.now)();
    return {
      detail: availabilityOf({ siteId, duty: settings, agents, loads: load, now }),
      agents,
      duty: settings,
    };
  }

  /** Recomputes and announces when it changed; resolves true when announced. */
  async check(siteId: string): Promise<boolean> {
    const { detail, agents } = await this.detailWithAgents(siteId);
    const online = agents.filter((agent) => agent.status === 'online').length;
    presenceMetrics.agentsOnline().labels(siteId).set(online);
    presenceMetrics.agentsAvailable().labels(siteId).set(detail.eligibleAgents);
    presenceMetrics
      .insideHours()
      .labels(siteId)
      .set(detail.insideHours ? 1 : 0);
    const announced: AvailabilityChanged = {
      siteId,
      online: detail.online,
      departments: detail.departments,
    };
    const value = JSON.stringify(announced);
    const previous = await this.#options.store.swapAvailability(
      siteId,
      value,
      this.#options.rememberMs,
    );
    if (previous === value) return false;
    this.#logger.debug({ siteId, online: detail.online }, 'availability changed');
    this.#options.publish(availabilitySubject(siteId), announced);
    return true;
  }

  /**
   * `check` for fire-and-forget callers: failures are logged (the next tick retries). Calls
   * during a running check of the site are folded into one more check after it, so a burst
   * of heartbeats costs two reads, not one per heartbeat.
   */
  checkSoon(siteId: string): void {
    this.#checks.soon(siteId);
  }
}
