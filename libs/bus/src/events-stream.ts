import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { EVENTS_STREAM, EVENTS_SUBJECTS } from '@sapa/contracts';
import type { Bus } from './bus.js';

/** JetStream's own default; a publish retried within this window is stored once. */
export const DEFAULT_DUPLICATE_WINDOW_MS = 2 * 60_000;
/**
 * Events are kept in the stream for 30 days. MongoDB holds every event for ever; the stream is
 * the transport, and 30 days covers any consumer outage we would run with. A projection that
 * falls further behind is rebuilt from the event store, not from the stream.
 */
export const DEFAULT_EVENTS_MAX_AGE_MS = 30 * 24 * 60 * 60_000;

/** How the events stream is set up; the defaults are the production settings. */
export interface EventsStreamOptions {
  /** Window in which JetStream drops a message whose id it has already seen. Default 2 min. */
  readonly duplicateWindowMs?: number;
  /** Replicas in a clustered JetStream (1 on a single server). Default 1. */
  readonly replicas?: number;
  /** How long events stay in the stream. Default 30 days. */
  readonly maxAgeMs?: number;
  /** Default EVENTS_STREAM. Another name needs its own, non-overlapping `subjects`. */
  readonly streamName?: string;
  /** Default [EVENTS_SUBJECTS]. */
  readonly subjects?: readonly string[];
}

/** The stream configuration for the given options (exported for docs and tests). */
export function eventsStreamConfig(
  options: EventsStreamOptions = {},
): Pick<
  StreamConfig,
  | 'name'
  | 'subjects'
  | 'storage'
  | 'retention'
  | 'discard'
  | 'duplicate_window'
  | 'num_replicas'
  | 'max_age'
  | 'allow_direct'
> {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_EVENTS_MAX_AGE_MS;
  // JetStream refuses a duplicate window longer than the retention.
  const duplicateWindowMs = Math.min(
    options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
    maxAgeMs,
  );
  return {
    name: options.streamName ?? EVENTS_STREAM,
    subjects: [...(options.subjects ?? [EVENTS_SUBJECTS])],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(duplicateWindowMs),
    num_replicas: options.replicas ?? 1,
    max_age: nanos(maxAgeMs),
    allow_direct: true,
  };
}

/**
 * Creates or updates the SAPA_EVENTS stream (subjects EVENTS_SUBJECTS, file storage,
 * duplicate window default 2 min). An existing stream keeps its replica count unless
 * `options.replicas` is given. Safe to call from every replica at start-up, concurrently:
 * a lost creation race turns into an update.
 */
export async function ensureEventsStream(
  bus: Bus,
  options: EventsStreamOptions = {},
): Promise<void> {
  const jsm = await bus.jetstreamManager();
  const config = eventsStreamConfig(options);
  const existing = await jsm.streams.info(config.name).then(
    (info) => info.config,
    (error: unknown) => {
      if (isApiError(error, JetStreamApiCodes.StreamNotFound)) return undefined;
      throw error;
    },
  );
  if (!existing) {
    try {
      await jsm.streams.add(config);
      return;
    } catch (error) {
      // Another replica created it between our info and add: fall through to update.
      if (!isApiError(error, STREAM_NAME_IN_USE)) throw error;
    }
  }
  // Storage cannot change on an existing stream; everything else here can.
  await jsm.streams.update(config.name, {
    subjects: config.subjects,
    discard: config.discard,
    duplicate_window: config.duplicate_window,
    // Without an explicit count, an operator's replica count stays (R3 on a NATS cluster).
    num_replicas: options.replicas ?? existing?.num_replicas ?? config.num_replicas,
    max_age: config.max_age,
    allow_direct: config.allow_direct,
  });
}

/** JetStream API error code for "stream name already in use with a different configuration". */
const STREAM_NAME_IN_USE = 10058;

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}
