import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Bus } from '@sapa/bus';
import {
  availabilitySubject,
  eventSubject,
  newId,
  siteSettingsSubject,
  visitorStream,
  defaultWidgetSettings,
  type AvailabilityChanged,
  type SiteSettingsChanged,
  type StoredEvent,
} from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { testInfra, uniqueName, waitFor } from '@sapa/testkit';
import { FanoutHub, type LiveEvent } from '../fanout-hub.js';
import { SiteVisitors, type SiteVisitor } from './site-visitors.js';

const logger = createLogger('site-visitors-test', 'silent');
let gatewayBus: Bus;
let publisher: Bus;

beforeAll(async () => {
  const servers = testInfra().natsUrl;
  gatewayBus = await Bus.connect({ servers, name: uniqueName('gateway'), logger });
  publisher = await Bus.connect({ servers, name: uniqueName('chat'), logger });
});
afterAll(async () => {
  await gatewayBus?.drain();
  await publisher?.drain();
});

/** A visitor socket that writes down what it heard. */
class RecordingVisitor implements SiteVisitor {
  readonly heard: string[] = [];
  constructor(readonly visitorId: string) {}
  onAvailability(change: AvailabilityChanged): void {
    this.heard.push(`availability:${change.online}`);
  }
  onSettings(change: SiteSettingsChanged): void {
    this.heard.push(`settings:${change.settings.color}`);
  }
  onVisitorEvent(live: LiveEvent): void {
    this.heard.push(`event:${live.event.version}`);
  }
}

/** A stored event of a visitor's stream, as chat publishes it. */
function visitorEvent(siteId: string, visitorId: string, version: number): StoredEvent {
  return {
    id: newId(),
    stream: visitorStream(visitorId),
    version,
    siteId,
    type: 'VisitorConversationOpened',
    data: { conversationId: newId(), siteId, visitorId },
    metadata: {},
    time: new Date().toISOString(),
  };
}

const publishEvent = (event: StoredEvent) =>
  publisher.publish(eventSubject(event.siteId, event.stream, event.type), event);

async function delivered(): Promise<void> {
  await publisher.connection.flush();
  await gatewayBus.connection.flush();
}

describe('SiteVisitors on real NATS', () => {
  it("gives each site's pushes to all its visitor sockets and each visitor event only to its own visitor's, over one subscription per subject", async () => {
    const hub = new FanoutHub(gatewayBus, logger);
    const visitors = new SiteVisitors(hub);
    const siteId = newId();
    const [ayuId, budiId] = [newId(), newId()];
    const ayu = new RecordingVisitor(ayuId);
    const budi = new RecordingVisitor(budiId);
    const budiOtherTab = new RecordingVisitor(budiId);
    const elsewhere = new RecordingVisitor(ayuId); // the same visitor id on another site
    const otherSiteId = newId();
    visitors.join(siteId, ayu);
    visitors.join(siteId, budi);
    visitors.join(siteId, budiOtherTab);
    visitors.join(otherSiteId, elsewhere);
    // Three subjects per site (availability, settings, visitor events), whatever the sockets.
    expect(hub.subscriptionCount).toBe(6);
    expect(visitors.siteCount).toBe(2);
    await gatewayBus.connection.flush();

    publishEvent(visitorEvent(siteId, ayuId, 1));
    publishEvent(visitorEvent(siteId, budiId, 1));
    publishEvent(visitorEvent(siteId, budiId, 2));
    publisher.publish(availabilitySubject(siteId), {
      siteId,
      online: true,
      departments: {},
    } satisfies AvailabilityChanged);
    publisher.publish(siteSettingsSubject(siteId), {
      siteId,
      settings: { ...defaultWidgetSettings('Sekolah'), color: '#123456' },
    } satisfies SiteSettingsChanged);
    await waitFor(() => budiOtherTab.heard.length === 4, { description: "budi's four pushes" });
    await delivered();
    expect(ayu.heard).toEqual(['event:1', 'availability:true', 'settings:#123456']);
    expect(budi.heard).toEqual(['event:1', 'event:2', 'availability:true', 'settings:#123456']);
    expect(budiOtherTab.heard).toEqual(budi.heard);
    expect(elsewhere.heard).toEqual([]);

    // A site's subscriptions stay while any of its visitors is here and go with the last.
    visitors.leave(siteId, budi);
    visitors.leave(siteId, ayu);
    expect(hub.subscriptionCount).toBe(6);
    publishEvent(visitorEvent(siteId, budiId, 3));
    await waitFor(() => budiOtherTab.heard.length === 5, { description: "budi's third event" });
    expect(budi.heard).toHaveLength(4);
    expect(ayu.heard).toHaveLength(3);
    visitors.leave(siteId, budiOtherTab);
    expect(hub.subscriptionCount).toBe(3);
    expect(visitors.siteCount).toBe(1);
    visitors.leave(otherSiteId, elsewhere);
    expect(hub.subscriptionCount).toBe(0);
  });

  it("answers a welcome's availability from the last announcement or one shared request per site, never from a failure", async () => {
    const hub = new FanoutHub(gatewayBus, logger);
    const visitors = new SiteVisitors(hub);
    const siteId = newId();
    const visitor = new RecordingVisitor(newId());
    visitors.join(siteId, visitor);
    await gatewayBus.connection.flush();
    let asked = 0;
    const ask = (online: boolean) => () => {
      asked += 1;
      return Promise.resolve(online);
    };

    // Three sockets connecting at once: one request, one answer for all.
    await expect(
      Promise.all([1, 2, 3].map(() => visitors.siteOnline(siteId, ask(true), 60_000))),
    ).resolves.toEqual([true, true, true]);
    expect(asked).toBe(1);
    await expect(visitors.siteOnline(siteId, ask(false), 60_000)).resolves.toBe(true);
    expect(asked).toBe(1);

    // Presence announces a change: the next welcome says so without asking.
    publisher.publish(availabilitySubject(siteId), {
      siteId,
      online: false,
      departments: {},
    } satisfies AvailabilityChanged);
    await waitFor(() => visitor.heard.includes('availability:false'), {
      description: 'the announcement',
    });
    await expect(visitors.siteOnline(siteId, ask(true), 60_000)).resolves.toBe(false);
    expect(asked).toBe(1);

    // Too old: asked again. A failed request is not remembered.
    await expect(visitors.siteOnline(siteId, ask(true), 0)).resolves.toBe(true);
    expect(asked).toBe(2);
    const failing = () => Promise.reject(new Error('presence away'));
    await expect(visitors.siteOnline(siteId, failing, 0)).rejects.toThrow('presence away');
    await expect(visitors.siteOnline(siteId, ask(false), 0)).resolves.toBe(false);
    expect(asked).toBe(3);
    visitors.leave(siteId, visitor);
  });
});
