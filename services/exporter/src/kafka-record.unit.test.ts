import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '@sapa/contracts';
import { loadExporterConfig } from './config.js';
import { toKafkaRecord } from './kafka-record.js';

describe('toKafkaRecord', () => {
  it('keys by stream, carries the stored event as JSON and its id, type, site and version as headers', () => {
    const event = {
      id: 'e1',
      stream: 'conversation-c1',
      version: 3,
      siteId: 's1',
      type: 'ConversationClosed',
      data: { closedBy: { kind: 'system' } },
      metadata: { correlationId: 'k1' },
      time: '2026-01-02T03:04:05.000Z',
    } as StoredEvent;
    const record = toKafkaRecord(event);
    expect(record.key).toBe('conversation-c1');
    expect(JSON.parse(record.value)).toEqual(event);
    expect(record.headers).toEqual({
      'sapa-event-id': 'e1',
      'sapa-event-type': 'ConversationClosed',
      'sapa-site-id': 's1',
      'sapa-stream-version': '3',
    });
  });
});

describe('loadExporterConfig', () => {
  it('is off without brokers and splits a broker list', () => {
    expect(loadExporterConfig({}).KAFKA_BROKERS).toEqual([]);
    expect(loadExporterConfig({ KAFKA_BROKERS: ' k1:9092, k2:9093 ,' }).KAFKA_BROKERS).toEqual([
      'k1:9092',
      'k2:9093',
    ]);
  });

  it('refuses a broker without a port', () => {
    expect(() => loadExporterConfig({ KAFKA_BROKERS: 'k1' })).toThrow(/KAFKA_BROKERS/);
  });
});
