import type { LiveVisitor, SitePublic } from '@sapa/contracts';
import { WsTestClient } from './ws-test-client.js';
import { startStack, type Stack } from './stack.js';

/** The site's allowed origin in the many-visitor tests. */
export const SCHOOL = 'http://school.example';

/** Hundreds of widget sockets from 127.0.0.1, which the per-IP limits would refuse. */
const UNLIMITED_IP = {
  IP_CONNECT_RATE_PER_S: '100000',
  IP_CONNECT_BURST: '100000',
  IP_RATE_PER_S: '100000',
  IP_RATE_BURST: '100000',
};

/** A stack (every service a process) and one site, for tests with many visitor sockets. */
export async function startManyVisitorsStack(
  gatewayEnv: Record<string, string>,
  presenceEnv: Record<string, string>,
): Promise<{ stack: Stack; site: SitePublic }> {
  const stack = await startStack({ ...UNLIMITED_IP, ...gatewayEnv }, presenceEnv);
  const { site } = await stack.bus.request('directory.create-site', {
    name: 'SMA Negeri 2',
    allowedOrigins: [SCHOOL],
    timeZone: 'Asia/Makassar',
  });
  return { stack, site };
}

/** Opens `count` visitor sockets, 50 at a time. */
export async function connectVisitors(
  stack: Stack,
  site: SitePublic,
  count: number,
): Promise<WsTestClient[]> {
  const sockets: WsTestClient[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = Math.min(50, count - start);
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: batch }, () =>
          WsTestClient.connect(`${stack.wsUrl}/ws/visitor?site=${site.siteKey}`, {
            origin: SCHOOL,
          }),
        ),
      )),
    );
  }
  return sockets;
}

/** The site's live-visitor list, as agents see it. */
export async function liveList(stack: Stack, site: SitePublic): Promise<LiveVisitor[]> {
  return (await stack.bus.request('presence.live-visitors', { siteId: site.siteId })).visitors;
}
