import type { Bus } from '@sapa/bus';
import type { Logger } from '@sapa/platform';
import type { MailLanguage, SiteBrand } from './templates.js';

interface Cached {
  readonly brand: SiteBrand;
  readonly language: MailLanguage | null;
  readonly at: number;
}

const TTL_MS = 60_000;

/**
 * The site's name (directory) and logo and forced language (widget settings), cached for a
 * minute. A missing site fails the lookup (the event is retried); missing widget settings only
 * mean no logo.
 */
export class SiteBrands {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
  ) {}

  async get(siteId: string): Promise<{ brand: SiteBrand; language: MailLanguage | null }> {
    const cached = this.cache.get(siteId);
    if (cached && Date.now() - cached.at < TTL_MS) return cached;
    const { site } = await this.bus.request('directory.get-site', { siteId });
    let logoUrl: string | undefined;
    let language: MailLanguage | null = null;
    let name = site.name;
    try {
      const { settings } = await this.bus.request('directory.get-widget-settings', { siteId });
      logoUrl = settings.logoUrl;
      language = settings.language ?? null;
      name = settings.siteName || name;
    } catch (error) {
      this.logger.debug({ err: error, siteId }, 'no widget settings, mails without logo');
    }
    const entry: Cached = {
      brand: { name, ...(logoUrl ? { logoUrl } : {}) },
      language,
      at: Date.now(),
    };
    this.cache.set(siteId, entry);
    return entry;
  }
}
