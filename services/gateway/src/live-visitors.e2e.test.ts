import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VISITORS_SEEN_BATCH_MAX, type SitePublic } from '@sapa/contracts';
import { waitFor } from '@sapa/testkit';
import {
  SCHOOL,
  connectVisitors,
  liveList as listLive,
  startManyVisitorsStack,
} from './test-support/many-visitors.js';
import type { WsTestClient } from './test-support/ws-test-client.js';
import type { Stack } from './test-support/stack.js';

/**
 * The live-visitor list with the gateway's batched registrations and renewals, every service a
 * process: more sockets than one batch carries, leases short enough that a missed renewal
 * shows, and a navigation and a close racing the batches.
 */
const LEASE_MS = 1_500;
const SOCKETS = VISITORS_SEEN_BATCH_MAX + 100;
let stack: Stack;
let site: SitePublic;

beforeAll(async () => {
  ({ stack, site } = await startManyVisitorsStack(
    { PRESENCE_HEARTBEAT_MS: '300' },
    { PRESENCE_TTL_MS: String(LEASE_MS), PRESENCE_SWEEP_INTERVAL_MS: '200' },
  ));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

function visitorIdOf(client: WsTestClient): string {
  const { data } = client.welcome;
  if (data.role !== 'visitor') throw new Error('not a visitor socket');
  return data.visitorId;
}

const liveList = () => listLive(stack, site);

describe('live visitors, registered and renewed in batches', () => {
  it('lists every socket, keeps them across several leases, and drops exactly the closed ones', async () => {
    const sockets = await connectVisitors(stack, site, SOCKETS);
    const ids = new Set(sockets.map(visitorIdOf));
    // One navigation right after the welcome: it must win over the batched registration.
    const navigator = sockets[0];
    if (!navigator) throw new Error('no socket');
    await navigator.request('visitor.navigate', { url: `${SCHOOL}/ppdb`, title: 'PPDB' });

    const listed = await waitFor(
      async () => {
        const visitors = await liveList();
        return visitors.length === SOCKETS && visitors;
      },
      { description: `${SOCKETS} visitors in the live list` },
    );
    expect(new Set(listed.map((visitor) => visitor.visitorId))).toEqual(ids);
    const registeredAt = Math.max(...listed.map((visitor) => visitor.lastSeenAt));

    // Renewed by the ticks' batches: two leases later every socket has been seen again and
    // none lapsed.
    const renewed = await waitFor(
      async () => {
        const visitors = await liveList();
        const fresh = visitors.every((visitor) => visitor.lastSeenAt > registeredAt + 2 * LEASE_MS);
        // A stalled machine may let a lease lapse for a moment; the next renewal stores it again.
        return visitors.length === SOCKETS && fresh && visitors;
      },
      { timeoutMs: 20_000, description: 'every visitor renewed two leases on' },
    );
    expect(renewed).toHaveLength(SOCKETS);
    const page = renewed.find((visitor) => visitor.visitorId === visitorIdOf(navigator));
    expect(page).toMatchObject({ url: `${SCHOOL}/ppdb`, title: 'PPDB' });

    // Closing 100 sockets while the ticks keep renewing the rest: no closed one comes back.
    const closing = sockets.splice(0, 100);
    for (const socket of closing) socket.close();
    const closedIds = new Set(closing.map(visitorIdOf));
    const remaining = await waitFor(
      async () => {
        const visitors = await liveList();
        return visitors.length === SOCKETS - 100 && visitors;
      },
      { timeoutMs: 20_000, description: 'the closed visitors gone from the list' },
    );
    const goneAt = Math.max(...remaining.map((visitor) => visitor.lastSeenAt));
    const later = await waitFor(
      async () => {
        const visitors = await liveList();
        const fresh = visitors.every((visitor) => visitor.lastSeenAt > goneAt + LEASE_MS);
        return visitors.length === SOCKETS - 100 && fresh && visitors;
      },
      { timeoutMs: 20_000, description: 'a lease of renewals after the closes' },
    );
    expect(later).toHaveLength(SOCKETS - 100);
    expect(later.filter((visitor) => closedIds.has(visitor.visitorId))).toEqual([]);

    for (const socket of sockets) socket.close();
  }, 90_000);
});
