import { describe, expect, it } from '@jest/globals';
import { RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { EVENTS_STREAM, EVENTS_SUBJECTS } from '@sapa/contracts';
import {
  DEFAULT_DUPLICATE_WINDOW_MS,
  DEFAULT_EVENTS_MAX_AGE_MS,
  eventsStreamConfig,
} from './events-stream.js';

describe('events stream configuration', () => {
  it('defaults to the production settings', () => {
    expect(eventsStreamConfig()).toMatchObject({
      name: EVENTS_STREAM,
      subjects: [EVENTS_SUBJECTS],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: nanos(DEFAULT_DUPLICATE_WINDOW_MS),
      max_age: nanos(DEFAULT_EVENTS_MAX_AGE_MS),
      num_replicas: 1,
    });
    expect(DEFAULT_DUPLICATE_WINDOW_MS).toBe(120_000);
  });

  it('takes the options', () => {
    expect(
      eventsStreamConfig({
        duplicateWindowMs: 5_000,
        replicas: 3,
        maxAgeMs: 60_000,
        streamName: 'S',
        subjects: ['x.>'],
      }),
    ).toMatchObject({
      name: 'S',
      subjects: ['x.>'],
      duplicate_window: nanos(5_000),
      num_replicas: 3,
      max_age: nanos(60_000),
    });
  });

  it('never asks for a duplicate window longer than the retention (JetStream refuses that)', () => {
    expect(eventsStreamConfig({ maxAgeMs: 30_000 }).duplicate_window).toBe(nanos(30_000));
  });
});
