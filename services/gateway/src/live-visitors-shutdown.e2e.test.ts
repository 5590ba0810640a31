import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VISITORS_SEEN_BATCH_MAX, type LiveVisitor, type SitePublic } from '@sapa/contracts';
import { waitFor } from '@sapa/testkit';
import { WsTestClient } from './test-support/ws-test-client.js';
import { startStack, type Stack } from './test-support/stack.js';

/**
 * A gateway that stops (SIGTERM: a deploy, a scale-down) tells presence that each of its
 * visitors left before it exits. Leases here are long, so a visitor that is still listed after
 * the exit was not reported; it would stay on agents' live list until its lease lapsed.
 */
const SCHOOL = 'http://school.example';
const SOCKETS = VISITORS_SEEN_BATCH_MAX + 100;
let stack: Stack;
let site: SitePublic;

beforeAll(async () => {
  stack = await startStack(
    {
      // Every socket comes from 127.0.0.1: the per-IP limits would refuse most of them.
      IP_CONNECT_RATE_PER_S: '100000',
      IP_CONNECT_BURST: '100000',
      IP_RATE_PER_S: '100000',
      IP_RATE_BURST: '100000',
    },
    { PRESENCE_TTL_MS: '600000' },
  );
  site = (
    await stack.bus.request('directory.create-site', {
      name: 'SMA Negeri 2',
      allowedOrigins: [SCHOOL],
      timeZone: 'Asia/Makassar',
    })
  ).site;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function liveList(): Promise<LiveVisitor[]> {
  return (await stack.bus.request('presence.live-visitors', { siteId: site.siteId })).visitors;
}

describe('a gateway that stops', () => {
  it('reports every one of its visitors gone before it exits', async () => {
    const sockets: WsTestClient[] = [];
    for (let start = 0; start < SOCKETS; start += 50) {
      sockets.push(
        ...(await Promise.all(
          Array.from({ length: 50 }, () =>
            WsTestClient.connect(`${stack.wsUrl}/ws/visitor?site=${site.siteKey}`, {
              origin: SCHOOL,
            }),
          ),
        )),
      );
    }
    await waitFor(async () => (await liveList()).length === SOCKETS, {
      description: `${SOCKETS} visitors in the live list`,
    });

    await stack.services.gateway.stop();

    expect(await liveList()).toEqual([]);
    for (const socket of sockets) socket.close();
  }, 90_000);
});
