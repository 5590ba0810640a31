import type { Bus, RpcHandler } from '@sapa/bus';
import { serveHandlers } from './serve-handlers.js';
import { defaultWidgetSettings } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import type { DirectoryStore } from './directory.store.js';
import { verifyIdentityHash, type SiteSettingsStore } from './site-settings.store.js';

/** The widget-settings and identity commands of the directory. */
export type SiteSettingsRpc =
  | 'directory.get-widget-settings'
  | 'directory.update-widget-settings'
  | 'directory.verify-identity';

export type SiteSettingsHandlers = { readonly [N in SiteSettingsRpc]: RpcHandler<N> };

/** Builds the handlers: unknown sites are NotFoundError, unsaved settings are the defaults. */
export function createSiteSettingsHandlers(options: {
  readonly sites: DirectoryStore;
  readonly settings: SiteSettingsStore;
  readonly logger: Logger;
}): SiteSettingsHandlers {
  const { sites, settings } = options;
  const logger = options.logger.child({ module: 'site-settings' });
  return {
    'directory.get-widget-settings': async ({ siteId }) => {
      const site = await sites.getSite(siteId);
      return {
        settings: (await settings.getWidgetSettings(siteId)) ?? defaultWidgetSettings(site.name),
      };
    },
    'directory.update-widget-settings': async ({ siteId, settings: next }, context) => {
      await sites.getSite(siteId);
      await settings.saveWidgetSettings(siteId, next);
      logger.info({ siteId, correlationId: context.correlationId }, 'widget settings saved');
      return { settings: next };
    },
    'directory.verify-identity': async ({ siteId, email, hash }) => {
      const secret = await settings.identitySecret(siteId);
      return { verified: secret !== null && verifyIdentityHash(secret, email, hash) };
    },
  };
}

/** Serves the widget-settings and identity commands (queue group `directory` unless `queue` is given). */
export const serveSiteSettings = (
  bus: Bus,
  handlers: SiteSettingsHandlers,
  options?: { queue?: string },
) => serveHandlers(bus, handlers, options);
