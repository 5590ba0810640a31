import {
  ConcurrencyError,
  NotFoundError,
  type EventMetadata,
  type StoredEvent,
} from '@sapa/contracts';
import type { EventStore, NewEvent } from './event-store.js';
import type { Logger } from '@sapa/platform';
import { PublishedMarker } from './published-marker.js';
import { storeMetrics } from './store-telemetry.js';
import { StreamStateCache, type StreamSnapshot } from './stream-state-cache.js';

/** What a handler needs to publish right after storing (JetStream, through @sapa/bus). */
export interface EventSink {
  publish(events: readonly StoredEvent[]): Promise<unknown>;
}

/** The part of the event store a command handler uses (an `EventStore`). */
export type CommandStore = Pick<EventStore, 'readStream' | 'append' | 'markPublished'>;

/** An aggregate's pure pair, plus how to read its events from storage. */
export interface Aggregate<State, Event extends { type: string; data: unknown }> {
  readonly initialState: State;
  /** Must not change `state` (states are shared with the handler's cache). */
  readonly evolve: (state: State, event: Event & { readonly version: number }) => State;
  /** Parses a stored event into this aggregate's event union (refuses foreign types). */
  readonly parse: (event: StoredEvent) => Event;
}

export interface CommandOutcome<State> {
  readonly state: State;
  readonly version: number;
  readonly stored: readonly StoredEvent[];
}

export interface CommandHandlerOptions {
  /**
   * How many streams' folded states to keep in memory (least recently used go first); 0 turns
   * the cache off, so that every command reads its whole stream. Default 10,000.
   */
  readonly cachedStreams?: number;
}

/** Default bound of the state cache, in streams. */
export const DEFAULT_CACHED_STREAMS = 10_000;
const MAX_ATTEMPTS = 8;
/** Upper bound of the random pause before retry n: n × 10 ms (jitter spreads racing writers apart). */
const RETRY_JITTER_MS = 10;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one command against one stream: take its state, decide, append at that state's version,
 * publish, mark published (batched, after the answer). A lost version race (ConcurrencyError) reads what it missed and
 * decides again (after a short random pause), so two agents answering at once get a correct
 * claim, not an error.
 *
 * States are cached per stream (docs/event-store.md, "The state cache"): a warm command reads
 * nothing before its append. The cache is only ever behind, never wrong (stored events never
 * change), and an append only lands at the stream's actual version, so a stale state costs a
 * ConcurrencyError and a catch-up read, never a wrong event. A decision that stores nothing
 * (or throws) on a cached state is confirmed against the store before it is returned.
 *
 * The caller's acknowledgement means "stored": publishing is best effort here and the
 * outbox relay re-publishes anything stored but not published (e.g. a crash right here).
 */
export class CommandHandler {
  readonly #states: StreamStateCache;
  readonly #cacheHits: { inc(): void };
  readonly #cacheMisses: { inc(): void };
  readonly #marker: PublishedMarker;

  constructor(
    private readonly store: CommandStore,
    private readonly sink: EventSink,
    private readonly logger: Logger,
    options: CommandHandlerOptions = {},
  ) {
    const lookups = storeMetrics.stateCache();
    this.#cacheHits = lookups.labels('hit');
    this.#cacheMisses = lookups.labels('miss');
    this.#states = new StreamStateCache(options.cachedStreams ?? DEFAULT_CACHED_STREAMS);
    this.#marker = new PublishedMarker(store, logger);
  }

  /** Waits for the published marks still being written (before closing the database). */
  drain(): Promise<void> {
    return this.#marker.drain();
  }

  /**
   * Reads a stream and folds it: always asks the store, so the state is current when read
   * (only the events after a cached state are fetched). Throws NotFoundError when the stream
   * belongs to another site.
   */
  async load<State, Event extends { type: string; data: unknown }>(
    aggregate: Aggregate<State, Event>,
    stream: string,
    siteId: string,
  ): Promise<{ state: State; version: number }> {
    const { state, version } = await this.#catchUp(
      aggregate,
      stream,
      siteId,
      this.#states.get<State>(aggregate, siteId, stream),
    );
    return { state, version };
  }

  async handle<State, Event extends { type: string; data: unknown }>(options: {
    readonly aggregate: Aggregate<State, Event>;
    readonly stream: string;
    readonly siteId: string;
    readonly metadata: EventMetadata;
    readonly decide: (state: State) => Event[];
  }): Promise<CommandOutcome<State>> {
    const { aggregate, stream, siteId } = options;
    const cached = this.#states.get<State>(aggregate, siteId, stream);
    (cached === undefined ? this.#cacheMisses : this.#cacheHits).inc();
    // Whether `snapshot` was read from the store during this call (not just taken from the cache).
    let confirmed = cached === undefined;
    let snapshot = cached ?? (await this.#catchUp(aggregate, stream, siteId, undefined));

    for (let attempt = 1; ;) {
      let decided: Event[] | undefined;
      let refusal: { readonly error: unknown } | undefined;
      try {
        decided = options.decide(snapshot.state);
      } catch (error) {
        refusal = { error };
      }
      if (decided === undefined || decided.length === 0) {
        // Nothing to store, or a refusal: either may be the cache's doing (a claim released
        // meanwhile), so a cached state is brought up to date and asked again first.
        if (!confirmed) {
          const latest = await this.#catchUp(aggregate, stream, siteId, snapshot);
          confirmed = true;
          if (latest.version !== snapshot.version) {
            snapshot = latest;
            continue;
          }
        }
        if (refusal !== undefined) throw refusal.error;
        return { state: snapshot.state, version: snapshot.version, stored: [] };
      }

      const newEvents: NewEvent[] = decided.map((event) => ({
        type: event.type,
        data: event.data,
        metadata: options.metadata,
      })) as NewEvent[];
      let stored: StoredEvent[];
      try {
        // Lands only if the stream is at exactly this version (docs/event-store.md): a stale
        // state fails here, whatever it decided.
        // The snapshot was folded from this stream's stored events (read or appended here),
        // so the store need not read the stream's head first.
        stored = await this.store.append(stream, siteId, snapshot.version, newEvents, {
          expectedVersionSeen: true,
        });
      } catch (error) {
        this.#states.forget(aggregate, siteId, stream, snapshot);
        if (error instanceof ConcurrencyError && attempt < MAX_ATTEMPTS) {
          this.logger.debug({ stream, attempt, cached: !confirmed }, 'version race, retrying');
          // Writers that raced once (a visitor's message and presence's routing record, say)
          // would race again on an immediate reload; a short random pause lets one finish. A
          // cached state that was merely behind is no race: catch up at once, as a load would.
          if (confirmed) await pause(Math.random() * RETRY_JITTER_MS * attempt);
          attempt++;
          // Another command of this process may have moved the cache past our snapshot.
          const newer = this.#states.get<State>(aggregate, siteId, stream);
          const from = newer !== undefined && newer.version > snapshot.version ? newer : snapshot;
          snapshot = await this.#catchUp(aggregate, stream, siteId, from);
          confirmed = true;
          continue;
        }
        throw error;
      }
      const next = fold(aggregate, snapshot, stored);
      this.#states.set(aggregate, siteId, stream, next);
      await this.publish(stored);
      return { state: next.state, version: next.version, stored };
    }
  }

  /**
   * Reads the events after `from` (all of them without it), folds them onto it and caches the
   * result. Falls back to a full read if what comes back does not continue `from` exactly.
   */
  async #catchUp<State, Event extends { type: string; data: unknown }>(
    aggregate: Aggregate<State, Event>,
    stream: string,
    siteId: string,
    from: StreamSnapshot<State> | undefined,
  ): Promise<StreamSnapshot<State>> {
    const start = from ?? { state: aggregate.initialState, version: 0 };
    const events = await this.store.readStream(stream, { afterVersion: start.version });
    // A stream of another site is reported as missing: its existence is not revealed.
    if (start.version === 0 && events[0] !== undefined && events[0].siteId !== siteId) {
      throw new NotFoundError('not found');
    }
    const continues = events.every(
      (event, index) => event.version === start.version + index + 1 && event.siteId === siteId,
    );
    if (!continues && from !== undefined) {
      // Cannot happen with a gap-free store: read everything rather than trust the snapshot.
      this.#states.forget(aggregate, siteId, stream, from);
      return this.#catchUp(aggregate, stream, siteId, undefined);
    }
    const snapshot = fold(aggregate, start, events);
    // Only a fold of versions 1..n is worth keeping (a faulty server's gap is not cached).
    if (continues) this.#states.set(aggregate, siteId, stream, snapshot);
    return snapshot;
  }

  /**
   * Publishes, and queues the mark "published" (written in batches, off the answer's path); a
   * failure is left to the outbox relay.
   */
  private async publish(stored: readonly StoredEvent[]): Promise<void> {
    try {
      await this.sink.publish(stored);
      this.#marker.mark(stored.map((event) => event.id));
    } catch (error) {
      this.logger.warn(
        { err: error, ids: stored.map((event) => event.id) },
        'publish failed, outbox relay will retry',
      );
    }
  }
}

function fold<State, Event extends { type: string; data: unknown }>(
  aggregate: Aggregate<State, Event>,
  from: StreamSnapshot<State>,
  events: readonly StoredEvent[],
): StreamSnapshot<State> {
  let state = from.state;
  for (const event of events) {
    state = aggregate.evolve(state, { ...aggregate.parse(event), version: event.version });
  }
  return { state, version: events.at(-1)?.version ?? from.version };
}
