import type { Bus, RpcContext } from '@sapa/bus';
import type { RpcName, RpcRequest, RpcResponse } from '@sapa/contracts';

/** Serves one `chat.*` RPC in the `chat` queue group; what every handler class is given. */
export type ServeRpc = <N extends RpcName>(
  name: N,
  handler: (request: RpcRequest<N>, context: RpcContext) => Promise<RpcResponse<N>>,
) => { stop(): Promise<void> };

/**
 * The chat replica's way to serve: each RPC runs at most `maxConcurrent` requests at once
 * (its database connections: more would only queue inside the driver, where a request whose
 * caller gave up still runs; the bus drops those while they wait). Undefined: the bus default.
 */
export function rpcServer(bus: Bus, maxConcurrent?: number): ServeRpc {
  const options = maxConcurrent === undefined ? {} : { maxConcurrent };
  return (name, handler) => bus.serve(name, handler, options);
}
