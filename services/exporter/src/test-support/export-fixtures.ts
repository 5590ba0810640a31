import { newId, type DomainEvent } from '@sapa/contracts';
import type { NewEvent } from '@sapa/event-store';
import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import {
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SITE_ID_HEADER,
  STREAM_VERSION_HEADER,
} from '../kafka-record.js';

/** The events of a conversation: started, then `count - 1` visitor messages. */
export function conversationEvents(
  siteId: string,
  conversationId: string,
  from: number,
  count: number,
): NewEvent[] {
  return Array.from({ length: count }, (_unused, index): NewEvent => {
    const version = from + index;
    const event: DomainEvent =
      version === 1
        ? {
            type: 'ConversationStarted',
            data: { conversationId, siteId, visitorId: `visitor-${conversationId}` },
          }
        : {
            type: 'MessagePosted',
            data: {
              messageId: newId(),
              clientMessageId: `client-${version}`,
              author: { kind: 'visitor', id: `visitor-${conversationId}` },
              text: `message ${version}`,
            },
          };
    return { ...event, metadata: {} };
  });
}

/** One record as the test's consumer saw it. */
export interface SeenRecord {
  readonly stream: string;
  readonly partition: number;
  readonly offset: number;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly siteId: string;
  readonly value: { readonly id: string; readonly version: number; readonly type: string };
}

/** A kafkajs consumer (its own group) that keeps every record of `topic`, from the beginning. */
export async function recordTopic(
  brokers: string,
  topic: string,
): Promise<{ readonly seen: SeenRecord[]; stop(): Promise<void> }> {
  const kafka = new Kafka({ clientId: 'export-test', brokers: [brokers], logLevel: logLevel.WARN });
  const consumer: Consumer = kafka.consumer({ groupId: `export-test-${newId()}` });
  const seen: SeenRecord[] = [];
  const header = (headers: IHeaders | undefined, name: string): string => {
    const value = headers?.[name];
    return (Array.isArray(value) ? value[0] : value)?.toString('utf8') ?? '';
  };
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      seen.push({
        stream: message.key?.toString('utf8') ?? '',
        partition,
        offset: Number(message.offset),
        version: Number(header(message.headers, STREAM_VERSION_HEADER)),
        eventId: header(message.headers, EVENT_ID_HEADER),
        type: header(message.headers, EVENT_TYPE_HEADER),
        siteId: header(message.headers, SITE_ID_HEADER),
        value: JSON.parse(message.value?.toString('utf8') ?? 'null') as SeenRecord['value'],
      });
      return Promise.resolve();
    },
  });
  return { seen, stop: () => consumer.disconnect() };
}
