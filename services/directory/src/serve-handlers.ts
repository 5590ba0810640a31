import type { Bus, RpcHandler } from '@sapa/bus';
import type { RpcName } from '@sapa/contracts';

/**
 * Serves one handler per command of a table (queue group `directory` unless `queue` is given,
 * so replicas share the load). `stop` stops taking requests and waits for those in flight.
 */
export function serveHandlers<N extends RpcName>(
  bus: Bus,
  handlers: { readonly [K in N]: RpcHandler<K> },
  options: { queue?: string } = {},
): { stop(): Promise<void> } {
  const serveOptions = options.queue === undefined ? {} : { queue: options.queue };
  const servers = (Object.keys(handlers) as N[]).map((name) =>
    bus.serve(name, handlers[name], serveOptions),
  );
  return {
    stop: async () => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
