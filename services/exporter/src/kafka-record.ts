import type { StoredEvent } from '@sapa/contracts';

/** Headers of every exported record (values are UTF-8 strings). */
export const EVENT_ID_HEADER = 'sapa-event-id';
export const EVENT_TYPE_HEADER = 'sapa-event-type';
export const SITE_ID_HEADER = 'sapa-site-id';
export const STREAM_VERSION_HEADER = 'sapa-stream-version';

/** One Kafka record, as kafkajs sends it. */
export interface KafkaRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The record of one stored event: key = stream id (so one partition holds a stream, in order),
 * value = the event as JSON (exactly the JetStream payload: what the event store holds), and
 * the id, type, site and version as headers, so a consumer can route or de-duplicate without
 * parsing the value.
 */
export function toKafkaRecord(event: StoredEvent): KafkaRecord {
  return {
    key: event.stream,
    value: JSON.stringify(event),
    headers: {
      [EVENT_ID_HEADER]: event.id,
      [EVENT_TYPE_HEADER]: event.type,
      [SITE_ID_HEADER]: event.siteId,
      [STREAM_VERSION_HEADER]: String(event.version),
    },
  };
}
