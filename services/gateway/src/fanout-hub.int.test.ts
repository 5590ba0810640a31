import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Bus } from '@sapa/bus';
import {
  eventSubject,
  newId,
  siteVisitorEventsSubject,
  visitorStream,
  type StoredEvent,
} from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { testInfra, uniqueName, waitFor } from '@sapa/testkit';
import { FanoutHub, type LiveEvent } from './fanout-hub.js';

const logger = createLogger('fanout-hub-test', 'silent');
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

const publish = (event: StoredEvent) =>
  publisher.publish(eventSubject(event.siteId, event.stream, event.type), event);

describe('FanoutHub.listenStream on real NATS', () => {
  it('one subscription per site carries every visitor, each event only to its own visitor', async () => {
    const hub = new FanoutHub(gatewayBus, logger);
    const siteId = newId();
    const [ayu, budi] = [newId(), newId()];
    const seen: Record<string, number[]> = { ayu: [], budi: [], budiOtherTab: [] };
    const listen = (visitorId: string, into: number[]) =>
      hub.listenStream(
        siteVisitorEventsSubject(siteId),
        visitorStream(visitorId),
        (live: LiveEvent) => into.push(live.event.version),
      );
    const stopAyu = listen(ayu, seen['ayu'] ?? []);
    const stopBudi = listen(budi, seen['budi'] ?? []);
    const stopBudiOtherTab = listen(budi, seen['budiOtherTab'] ?? []);
    expect(hub.subscriptionCount).toBe(1);
    await gatewayBus.connection.flush();

    publish(visitorEvent(siteId, ayu, 1));
    publish(visitorEvent(siteId, budi, 1));
    publish(visitorEvent(siteId, budi, 2));
    publish(visitorEvent(newId(), ayu, 9)); // the same visitor id on another site: not ours
    await waitFor(() => seen['budiOtherTab']?.length === 2, { description: "budi's two events" });
    await publisher.connection.flush();
    await gatewayBus.connection.flush();
    expect(seen).toEqual({ ayu: [1], budi: [1, 2], budiOtherTab: [1, 2] });

    // The subscription stays while any visitor listens, and goes with the last one.
    stopBudi();
    stopAyu();
    expect(hub.subscriptionCount).toBe(1);
    publish(visitorEvent(siteId, budi, 3));
    await waitFor(() => seen['budiOtherTab']?.length === 3, { description: "budi's third event" });
    expect(seen['budi']).toEqual([1, 2]);
    stopBudiOtherTab();
    expect(hub.subscriptionCount).toBe(0);
  });
});
