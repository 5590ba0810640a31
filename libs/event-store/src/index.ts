/**
 * @sapa/event-store: the append-only event store on the official `mongodb` driver, for MongoDB
 * and FerretDB 1.x alike. See docs/event-store.md.
 */
export {
  EventStore,
  DEFAULT_EVENTS_COLLECTION,
  DEFAULT_CATEGORY_BATCH_SIZE,
  type NewEvent,
  type ReadOptions,
} from './event-store.js';
export {
  CommandHandler,
  DEFAULT_CACHED_STREAMS,
  type Aggregate,
  type CommandHandlerOptions,
  type CommandOutcome,
  type CommandStore,
  type EventSink,
} from './command-handler.js';
export { connectDatabase, withDatabase, type DatabaseConfig } from './connect-store.js';
export { PartialAppendError } from './store-errors.js';
export { LruCache } from './lru-cache.js';
export { EVENT_INDEXES, type EventIndex } from './event-indexes.js';
export type { EventDocument } from './event-document.js';
