/**
 * @sapa/bus: the typed NATS bus. Request/reply over the RPC map of @sapa/contracts with errors
 * that survive the wire, core NATS signals, and the JetStream events stream. See docs/bus.md.
 */
export { Bus, DEFAULT_REQUEST_TIMEOUT_MS, type RequestOptions } from './bus.js';
export type { RpcHandler } from './rpc-server.js';
export {
  CAUSATION_HEADER,
  CORRELATION_HEADER,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  type RpcContext,
} from './rpc-context.js';
export {
  ERROR_CODE_HEADER,
  ERROR_MESSAGE_HEADER,
  decodeWireError,
  encodeWireError,
  type EncodedError,
  type WireIssue,
} from './rpc-errors.js';
