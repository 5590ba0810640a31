import type { Bus } from '@sapa/bus';
import type { SitePublic } from '@sapa/contracts';

interface Entry {
  readonly site: Promise<SitePublic>;
  readonly expiresAt: number;
}

/**
 * Site lookups by embed key, cached for a short time: every visitor connection needs one,
 * and sites change rarely. A failed lookup is not cached, so an outage heals by itself.
 */
export class SiteCache {
  private readonly byKey = new Map<string, Entry>();

  constructor(
    private readonly bus: Bus,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  bySiteKey(siteKey: string): Promise<SitePublic> {
    const cached = this.byKey.get(siteKey);
    if (cached && cached.expiresAt > this.now()) return cached.site;
    const site = this.bus
      .request('directory.get-site-by-key', { siteKey })
      .then((result) => result.site);
    this.byKey.set(siteKey, { site, expiresAt: this.now() + this.ttlMs });
    site.catch(() => this.byKey.delete(siteKey));
    if (this.byKey.size > 10_000) this.evictExpired();
    return site;
  }

  private evictExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.byKey) if (entry.expiresAt <= now) this.byKey.delete(key);
  }
}
