import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Bus } from '@sapa/bus';
import { DutySettings, dutyChangedSubject } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { uniqueName, waitFor } from '@sapa/testkit';
import {
  connectTestBus,
  startPresenceInfra,
  type PresenceInfra,
} from '../presence.test-support.js';
import { DutyCache } from './duty.cache.js';

const logger = createLogger('duty-cache-test', 'silent');

describe('duty cache', () => {
  let infra: PresenceInfra;
  let directoryBus: Bus;
  let presenceBus: Bus;

  beforeAll(async () => {
    infra = await startPresenceInfra();
    directoryBus = await connectTestBus(infra.nats, 'directory', logger);
    presenceBus = await connectTestBus(infra.nats, 'presence', logger);
  });

  afterAll(async () => {
    await presenceBus?.drain();
    await directoryBus?.drain();
    await infra?.redis.quit();
    await infra?.nats.dispose();
  });

  it('does not keep settings read before a change it heard of while reading', async () => {
    const siteId = uniqueName('site');
    const closed = DutySettings.parse({ timeZone: 'Asia/Jakarta', hours: { weekly: {} } });
    const open = DutySettings.parse({});
    let current = closed;
    let reads = 0;
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    // The directory's side of `directory.get-duty`: the first answer is held back until the
    // change has been announced, so it carries the settings from before the change.
    const served = directoryBus.serve('directory.get-duty', async () => {
      reads += 1;
      const answer = current;
      if (reads === 1) await firstHeld;
      return { duty: answer };
    });
    const cache = new DutyCache(presenceBus, logger, 60_000);
    const changed: string[] = [];
    cache.onChange((site) => changed.push(site));
    try {
      const inFlight = cache.get(siteId);
      await waitFor(() => reads === 1, { description: 'the first read reached the directory' });
      current = open;
      directoryBus.publish(dutyChangedSubject(siteId), { siteId });
      await waitFor(() => changed.includes(siteId), { description: 'the change heard' });
      releaseFirst();
      // The read that was in flight answers with what the directory had then ...
      expect(await inFlight).toEqual(closed);
      // ... but the next read asks again and gets the new settings (not the old for a TTL).
      expect(await cache.get(siteId)).toEqual(open);
      expect(reads).toBe(2);
      // Settings read after the change are cached as usual.
      expect(await cache.get(siteId)).toEqual(open);
      expect(reads).toBe(2);
    } finally {
      cache.stop();
      await served.stop();
    }
  });
});
