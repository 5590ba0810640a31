/**
 * @sapa/bus: the typed NATS bus. Request/reply over the RPC map of @sapa/contracts with errors
 * that survive the wire, core NATS signals, and the JetStream events stream. See docs/bus.md.
 */
export { Bus, DEFAULT_REQUEST_TIMEOUT_MS, type RequestOptions } from './bus.js';
export { connectBus, type BusServiceOptions } from './connect-bus.js';
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
export {
  DEFAULT_DUPLICATE_WINDOW_MS,
  DEFAULT_EVENTS_MAX_AGE_MS,
  ensureEventsStream,
  eventsStreamConfig,
  type EventsStreamOptions,
} from './events-stream.js';
export {
  DEFAULT_PUBLISH_TIMEOUT_MS,
  EventPublisher,
  type PublishedEvent,
} from './event-publisher.js';
export {
  DEFAULT_RELAY_BATCH_SIZE,
  DEFAULT_RELAY_GRACE_MS,
  DEFAULT_RELAY_INTERVAL_MS,
  OutboxRelay,
  type UnpublishedEvents,
} from './outbox-relay.js';
export { startPublishing, type Publishing } from './start-publishing.js';
export {
  DEFAULT_ACK_WAIT_MS,
  RETRY_INITIAL_DELAY_MS,
  RETRY_MAX_DELAY_MS,
  consumeEvents,
  type ConsumeEventsOptions,
} from './event-consumer.js';
