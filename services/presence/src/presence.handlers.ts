import type { Bus } from '@sapa/bus';
import type { RpcName } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import { AvailabilityAnnouncer } from './availability.announcer.js';
import { DEFAULT_DUTY, type DutySource } from './duty/duty.cache.js';
import type { Redis } from 'ioredis';
import { PresenceService } from './presence.service.js';
import { RoutingService } from './routing.service.js';
import { RoutingReactor } from './routing.reactor.js';
import { ChatQueueStore } from './chat-queue.store.js';
import type { PresenceStore } from './presence.store.js';
import { VisitorRegistry } from './visitors.service.js';
import type { VisitorStore } from './visitors.store.js';

/** Every command this service answers (the `presence.*` part of the RPC map). */
export const PRESENCE_RPCS = [
  'presence.agent-heartbeat',
  'presence.agent-disconnected',
  'presence.set-agent-status',
  'presence.site-availability',
  'presence.online-agents',
  'presence.availability',
] as const satisfies readonly RpcName[];

/** The routing commands, served when a Redis for routing is given. */
export const ROUTING_RPCS = [
  'presence.route-chat',
  'presence.release-chat',
] as const satisfies readonly RpcName[];

/** The live-visitor commands, served when a visitor store is given. */
export const VISITOR_RPCS = [
  'presence.visitor-seen',
  'presence.visitors-seen',
  'presence.visitor-gone',
  'presence.visitors-gone',
  'presence.live-visitors',
] as const satisfies readonly RpcName[];

export interface ServePresenceOptions {
  readonly bus: Bus;
  readonly store: PresenceStore;
  readonly logger: Logger;
  /** Duty settings (hours, roster, limits); without it: always open, no roster (defaults). */
  readonly duty?: DutySource;
  /** The Redis holding routing's loads; with it the routing RPCs are served and limits apply. */
  readonly routingRedis?: Redis;
  /** The key prefix (must match the store's); default `sapa:presence`. */
  readonly keyPrefix?: string;
  /** How long the last announced availability is remembered in Redis (default 60 s). */
  readonly availabilityMemoryMs?: number;
  /** The live-visitor registry's store; without it the `presence.visitor-*` RPCs are not served. */
  readonly visitorStore?: VisitorStore;
  /** See PresenceServiceOptions.disconnectGraceMs (0 until the grace period lands). */
  readonly disconnectGraceMs?: number;
  /** Queue group; default `presence`, so every replica shares the load. */
  readonly queue?: string;
}

/** The running responders of one presence replica. */
export interface PresenceServer {
  readonly service: PresenceService;
  /** The live-visitor registry (undefined without a visitor store). */
  readonly visitors: VisitorRegistry | undefined;
  /** Decides and announces the sites' availability. */
  readonly availability: AvailabilityAnnouncer;
  /** Chat routing (undefined without `routingRedis`). */
  readonly routing: RoutingService | undefined;
  /** Routes real chats from their events (undefined without `routingRedis`); see startRouting. */
  readonly reactor: RoutingReactor | undefined;
  /** Stops taking requests and waits for the ones in flight. */
  stop(): Promise<void>;
}

/**
 * Serves every `presence.*` RPC on the bus. Requests arrive validated by the bus; changes of
 * an agent's effective status are published on `presenceChangedSubject(siteId)`.
 */
// eslint-disable-next-line max-lines-per-function -- kept whole for now: one setup sequence; to split
export function servePresence(options: ServePresenceOptions): PresenceServer {
  const { bus } = options;
  const service = new PresenceService({
    store: options.store,
    publish: (subject, payload) => bus.publish(subject, payload),
    logger: options.logger,
    // Run only on requests and sweeps, after `availability` and `reactor` below exist.
    onAgentsChanged: (siteId) => {
      availability.checkSoon(siteId);
      reactor?.agentsChanged(siteId);
    },
    onAgentOffline: (siteId, agentId) => {
      reactor?.agentOffline(siteId, agentId).catch((error: unknown) => {
        options.logger.warn({ err: error, siteId, agentId }, 'could not requeue chats');
      });
    },
    ...(options.disconnectGraceMs === undefined
      ? {}
      : { disconnectGraceMs: options.disconnectGraceMs }),
  });
  const duty = options.duty ?? { get: () => Promise.resolve(DEFAULT_DUTY) };
  const readAgents = async (siteId: string) => (await service.onlineAgents(siteId)).agents;
  const routing = options.routingRedis
    ? new RoutingService(options.routingRedis, duty, readAgents, options.keyPrefix)
    : undefined;
  const availability = new AvailabilityAnnouncer({
    store: options.store,
    duty,
    readAgents,
    ...(routing ? { loads: (siteId: string) => routing.loads(siteId) } : {}),
    publish: (subject, payload) => bus.publish(subject, payload),
    logger: options.logger,
    rememberMs: options.availabilityMemoryMs ?? 60_000,
  });
  const reactor =
    routing && options.routingRedis
      ? new RoutingReactor({
          bus,
          routing,
          queue: new ChatQueueStore(options.routingRedis, options.keyPrefix),
          duty,
          readAgents,
          onLoadsChanged: (siteId) => availability.checkSoon(siteId),
          knownSites: () => options.store.activeSites(),
          logger: options.logger,
        })
      : undefined;
  const serveOptions = options.queue === undefined ? {} : { queue: options.queue };

  const servers = PRESENCE_RPCS.map((name) => {
    switch (name) {
      case 'presence.agent-heartbeat':
        return bus.serve(name, (request) => service.heartbeat(request), serveOptions);
      case 'presence.agent-disconnected':
        return bus.serve(name, (request) => service.disconnected(request), serveOptions);
      case 'presence.set-agent-status':
        return bus.serve(name, (request) => service.setStatus(request), serveOptions);
      case 'presence.site-availability':
        return bus.serve(
          name,
          async ({ siteId }) => {
            // agentsOnline counts online agents; online also needs hours, duty and capacity.
            const { detail, agents, duty: settings } = await availability.detailWithAgents(siteId);
            const agentsOnline = agents.filter((agent) => agent.status === 'online').length;
            const departments = settings.departments.map(({ departmentId, name }) => ({
              departmentId,
              name,
              online: detail.departments[departmentId] ?? false,
            }));
            return { siteId, online: detail.online, agentsOnline, departments };
          },
          serveOptions,
        );
      case 'presence.availability':
        return bus.serve(name, ({ siteId }) => availability.detail(siteId), serveOptions);
      case 'presence.online-agents':
        return bus.serve(name, (request) => service.onlineAgents(request.siteId), serveOptions);
      default: {
        const unhandled: never = name;
        throw new Error(`no handler for ${String(unhandled)}`);
      }
    }
  });

  const visitors = options.visitorStore
    ? new VisitorRegistry({
        store: options.visitorStore,
        publish: (subject, payload) => bus.publish(subject, payload),
        logger: options.logger,
      })
    : undefined;
  if (visitors) servers.push(...serveVisitors(bus, visitors, serveOptions));
  if (routing) {
    servers.push(
      ...ROUTING_RPCS.map((name) => {
        switch (name) {
          case 'presence.route-chat':
            return bus.serve(
              name,
              async (request) => {
                const result = await routing.route(request);
                if (result.kind === 'assign' && !result.duplicate)
                  availability.checkSoon(request.siteId);
                return result;
              },
              serveOptions,
            );
          case 'presence.release-chat':
            return bus.serve(
              name,
              async (request) => {
                const result = await routing.release(request);
                if (result.agentId !== null) availability.checkSoon(request.siteId);
                return result;
              },
              serveOptions,
            );
          default: {
            const unhandled: never = name;
            throw new Error(`no handler for ${String(unhandled)}`);
          }
        }
      }),
    );
  }

  return {
    service,
    visitors,
    availability,
    routing,
    reactor,
    stop: async () => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}

function serveVisitors(bus: Bus, visitors: VisitorRegistry, serveOptions: { queue?: string }) {
  return VISITOR_RPCS.map((name) => {
    switch (name) {
      case 'presence.visitor-seen':
        return bus.serve(name, (request) => visitors.seen(request), serveOptions);
      case 'presence.visitors-seen':
        return bus.serve(name, (request) => visitors.seenMany(request), serveOptions);
      case 'presence.visitor-gone':
        return bus.serve(name, (request) => visitors.gone(request), serveOptions);
      case 'presence.visitors-gone':
        return bus.serve(name, (request) => visitors.goneMany(request), serveOptions);
      case 'presence.live-visitors':
        return bus.serve(name, (request) => visitors.live(request.siteId), serveOptions);
      default: {
        const unhandled: never = name;
        throw new Error(`no handler for ${String(unhandled)}`);
      }
    }
  });
}
