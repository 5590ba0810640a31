import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VISITORS_SEEN_BATCH_MAX, type SitePublic } from '@sapa/contracts';
import { waitFor } from '@sapa/testkit';
import { connectVisitors, liveList, startManyVisitorsStack } from './test-support/many-visitors.js';
import type { Stack } from './test-support/stack.js';

/**
 * A gateway that stops (SIGTERM: a deploy, a scale-down) tells presence that each of its
 * visitors left before it exits. Leases here are long, so a visitor that is still listed after
 * the exit was not reported; it would stay on agents' live list until its lease lapsed.
 */
const SOCKETS = VISITORS_SEEN_BATCH_MAX + 100;
let stack: Stack;
let site: SitePublic;

beforeAll(async () => {
  ({ stack, site } = await startManyVisitorsStack({}, { PRESENCE_TTL_MS: '600000' }));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('a gateway that stops', () => {
  it('reports every one of its visitors gone before it exits', async () => {
    const sockets = await connectVisitors(stack, site, SOCKETS);
    await waitFor(async () => (await liveList(stack, site)).length === SOCKETS, {
      description: `${SOCKETS} visitors in the live list`,
    });

    await stack.services.gateway.stop();

    expect(await liveList(stack, site)).toEqual([]);
    for (const socket of sockets) socket.close();
  }, 90_000);
});
