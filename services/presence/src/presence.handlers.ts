import type { Bus } from '@sapa/bus';
import type { RpcName } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import { PresenceService } from './presence.service.js';
import type { PresenceStore } from './presence.store.js';

/** Every command this service answers (the `presence.*` part of the RPC map). */
export const PRESENCE_RPCS = [
  'presence.agent-heartbeat',
  'presence.agent-disconnected',
  'presence.set-agent-status',
  'presence.site-availability',
  'presence.online-agents',
] as const satisfies readonly RpcName[];

export interface ServePresenceOptions {
  readonly bus: Bus;
  readonly store: PresenceStore;
  readonly logger: Logger;
  /** See PresenceServiceOptions.disconnectGraceMs (0 until the grace period lands). */
  readonly disconnectGraceMs?: number;
  /** Queue group; default `presence`, so every replica shares the load. */
  readonly queue?: string;
}

/** The running responders of one presence replica. */
export interface PresenceServer {
  readonly service: PresenceService;
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

  return {
    service,
    stop: async () => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
