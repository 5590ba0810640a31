import type { Db } from 'mongodb';
import type { Bus } from '@sapa/bus';
import type { Logger } from '@sapa/platform';
import { createDirectoryHandlers, serveDirectory } from './directory.handlers.js';
import { DirectoryStore } from './directory.store.js';
import { createDutyHandlers, serveDuty } from './duty.handlers.js';
import { DutyStore } from './duty.store.js';
import { createSiteSettingsHandlers, serveSiteSettings } from './site-settings.handlers.js';
import { SiteSettingsStore } from './site-settings.store.js';

/**
 * Opens the directory's stores and serves its commands (sites and agents, widget settings and
 * identity, duty). `stop` stops taking requests and waits for those in flight.
 */
export async function startDirectoryService(options: {
  readonly db: Db;
  readonly bus: Bus;
  readonly logger: Logger;
}): Promise<{ stop(): Promise<void> }> {
  const { db, bus, logger } = options;
  const store = await DirectoryStore.open(db);
  const settings = SiteSettingsStore.open(db);
  const duty = DutyStore.open(db, (error) =>
    logger.warn({ err: error }, 'duty swaps index not created'),
  );
  const servers = [
    serveDirectory(bus, await createDirectoryHandlers({ store, logger, settings })),
    serveSiteSettings(bus, createSiteSettingsHandlers({ sites: store, settings, logger })),
    serveDuty(
      bus,
      createDutyHandlers({
        sites: store,
        duty,
        publish: (subject, payload) => bus.publish(subject, payload),
        logger,
      }),
    ),
  ];
  return {
    stop: async () => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
