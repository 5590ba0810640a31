import type { EventMetadata, StoredEvent } from '@sapa/contracts';

/**
 * One event as a document of the `events` collection. `_id` is the event id (globally unique,
 * also the JetStream message id); `published` is the outbox flag: false until the event has
 * been published to JetStream at least once.
 */
export interface EventDocument {
  readonly _id: string;
  readonly stream: string;
  readonly version: number;
  readonly siteId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly time: Date;
  readonly published: boolean;
}

/**
 * The document stored for an event. Values that are `undefined` are dropped (inside arrays they
 * become null, as in JSON): the BSON serializer would otherwise store them as null, and a
 * `null` where a schema says "optional" fails validation when the event is read back.
 */
export function toEventDocument(
  event: StoredEvent<{ type: string; data: unknown }>,
): EventDocument {
  return {
    _id: event.id,
    stream: event.stream,
    version: event.version,
    siteId: event.siteId,
    type: event.type,
    data: withoutUndefined(event.data),
    metadata: withoutUndefined(event.metadata) as EventMetadata,
    time: new Date(event.time),
    published: false,
  };
}

/** The event a stored document describes; the outbox flag stays inside the store. */
export function fromEventDocument(document: EventDocument): StoredEvent {
  return {
    id: document._id,
    stream: document.stream,
    version: document.version,
    siteId: document.siteId,
    type: document.type,
    data: document.data,
    metadata: document.metadata,
    time: document.time.toISOString(),
  } as StoredEvent;
}

/** A deep copy of JSON-like data without `undefined` values. */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map((item) => (item === undefined ? null : withoutUndefined(item)));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) copy[key] = withoutUndefined(item);
  }
  return copy;
}

// Only plain objects are rebuilt; Dates and other BSON values are passed through untouched.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
