import type { Bus } from '@sapa/bus';
import { DutyChanged, DutySettings, NotFoundError, dutyChangedSubject } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';

/** Where presence gets a site's duty settings from. */
export interface DutySource {
  get(siteId: string): Promise<DutySettings>;
}

/** No settings anywhere: always open, no roster, every agent eligible (the foundation's rules). */
export const DEFAULT_DUTY: DutySettings = DutySettings.parse({});

/**
 * Duty settings read from the directory (`directory.get-duty`), cached per site for `ttlMs`
 * and dropped at once when the directory announces a change. When the directory cannot be
 * reached the last known settings are used (or the defaults), so presence keeps answering.
 */
export class DutyCache implements DutySource {
  readonly #entries = new Map<string, { duty: DutySettings; until: number }>();
  /**
   * Changes seen per site. A read that was in flight when the directory announced a change may
   * carry the settings from before it: it is answered, but not cached, so the next read asks
   * again instead of keeping the old settings for a whole TTL.
   */
  readonly #changes = new Map<string, number>();
  readonly #subscription: { unsubscribe(): void };
  readonly #listeners: ((siteId: string) => void)[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly ttlMs = 10_000,
  ) {
    this.#subscription = bus.subscribe(dutyChangedSubject('*'), (payload) => {
      const changed = DutyChanged.safeParse(payload);
      if (!changed.success) return;
      this.#entries.delete(changed.data.siteId);
      this.#changes.set(changed.data.siteId, (this.#changes.get(changed.data.siteId) ?? 0) + 1);
      for (const listener of this.#listeners) listener(changed.data.siteId);
    });
  }

  /** Called after a site's settings changed (after the cache dropped them). */
  onChange(listener: (siteId: string) => void): void {
    this.#listeners.push(listener);
  }

  async get(siteId: string): Promise<DutySettings> {
    const cached = this.#entries.get(siteId);
    if (cached && cached.until > Date.now()) return cached.duty;
    const changesBefore = this.#changes.get(siteId) ?? 0;
    const remember = (duty: DutySettings): void => {
      if ((this.#changes.get(siteId) ?? 0) !== changesBefore) return;
      this.#entries.set(siteId, { duty, until: Date.now() + this.ttlMs });
    };
    try {
      const { duty } = await this.bus.request(
        'directory.get-duty',
        { siteId },
        { timeoutMs: 2_000 },
      );
      remember(duty);
      return duty;
    } catch (error) {
      if (error instanceof NotFoundError) {
        remember(DEFAULT_DUTY);
        return DEFAULT_DUTY;
      }
      this.logger.warn({ err: error, siteId }, 'duty settings unavailable, using the last known');
      return cached?.duty ?? DEFAULT_DUTY;
    }
  }

  stop(): void {
    this.#subscription.unsubscribe();
  }
}
