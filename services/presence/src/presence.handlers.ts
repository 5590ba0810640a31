import type { Bus } from '@sapa/bus';
import type { RpcName } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import { PresenceService } from './presence.service.js';
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
] as const satisfies readonly RpcName[];

/** The live-visitor commands, served when a visitor store is given. */
export const VISITOR_RPCS = [
  'presence.visitor-seen',
  'presence.visitor-gone',
  'presence.live-visitors',
] as const satisfies readonly RpcName[];

export interface ServePresenceOptions {
  readonly bus: Bus;
  readonly store: PresenceStore;
  readonly logger: Logger;
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
  /** Stops taking requests and waits for the ones in flight. */
  stop(): Promise<void>;
}

/**
 * Serves every `presence.*` RPC on the bus. Requests arrive validated by the bus; changes of
 * an agent's effective status are published on `presenceChangedSubject(siteId)`.
 */
export function servePresence(options: ServePresenceOptions): PresenceServer {
  const { bus } = options;
  const service = new PresenceService({
    store: options.store,
    publish: (subject, payload) => bus.publish(subject, payload),
    logger: options.logger,
    ...(options.disconnectGraceMs === undefined
      ? {}
      : { disconnectGraceMs: options.disconnectGraceMs }),
  });
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
        return bus.serve(name, (request) => service.availability(request.siteId), serveOptions);
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

  return {
    service,
    visitors,
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
      case 'presence.visitor-gone':
        return bus.serve(name, (request) => visitors.gone(request), serveOptions);
      case 'presence.live-visitors':
        return bus.serve(name, (request) => visitors.live(request.siteId), serveOptions);
      default: {
        const unhandled: never = name;
        throw new Error(`no handler for ${String(unhandled)}`);
      }
    }
  });
}
