import {
  ConcurrencyError,
  NotFoundError,
  type EventMetadata,
  type StoredEvent,
} from '@sapa/contracts';
import type { EventStore, NewEvent } from './event-store.js';
import type { Logger } from '@sapa/platform';

/** What a handler needs to publish right after storing (JetStream, through @sapa/bus). */
export interface EventSink {
  publish(events: readonly StoredEvent[]): Promise<unknown>;
}

/** An aggregate's pure pair, plus how to read its events from storage. */
export interface Aggregate<State, Event extends { type: string; data: unknown }> {
  readonly initialState: State;
  readonly evolve: (state: State, event: Event & { readonly version: number }) => State;
  /** Parses a stored event into this aggregate's event union (refuses foreign types). */
  readonly parse: (event: StoredEvent) => Event;
}

export interface CommandOutcome<State> {
  readonly state: State;
  readonly version: number;
  readonly stored: readonly StoredEvent[];
}

const MAX_ATTEMPTS = 8;
/** Upper bound of the random pause before retry n: n × 10 ms (jitter spreads racing writers apart). */
const RETRY_JITTER_MS = 10;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one command against one stream: load, decide, append at the loaded version,
 * publish, mark published. A lost version race (ConcurrencyError) reloads and decides
 * again (after a short random pause), so two agents answering at once get a correct
 * claim, not an error.
 *
 * The caller's acknowledgement means "stored": publishing is best effort here and the
 * outbox relay re-publishes anything stored but not published (e.g. a crash right here).
 */
export class CommandHandler {
  constructor(
    private readonly store: EventStore,
    private readonly sink: EventSink,
    private readonly logger: Logger,
  ) {}

  /** Loads a stream and folds it; throws NotFoundError when it belongs to another site. */
  async load<State, Event extends { type: string; data: unknown }>(
    aggregate: Aggregate<State, Event>,
    stream: string,
    siteId: string,
  ): Promise<{ state: State; version: number }> {
    const events = await this.store.readStream(stream);
    // A stream of another site is reported as missing: its existence is not revealed.
    if (events.length > 0 && events[0]?.siteId !== siteId) throw new NotFoundError('not found');
    let state = aggregate.initialState;
    for (const event of events) {
      state = aggregate.evolve(state, { ...aggregate.parse(event), version: event.version });
    }
    return { state, version: events.at(-1)?.version ?? 0 };
  }

  async handle<State, Event extends { type: string; data: unknown }>(options: {
    readonly aggregate: Aggregate<State, Event>;
    readonly stream: string;
    readonly siteId: string;
    readonly metadata: EventMetadata;
    readonly decide: (state: State) => Event[];
  }): Promise<CommandOutcome<State>> {
    const { aggregate, stream, siteId } = options;
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.load(aggregate, stream, siteId);
      const decided = options.decide(state);
      if (decided.length === 0) return { state, version, stored: [] };

      const newEvents: NewEvent[] = decided.map((event) => ({
        type: event.type,
        data: event.data,
        metadata: options.metadata,
      })) as NewEvent[];
      try {
        const stored = await this.store.append(stream, siteId, version, newEvents);
        await this.publish(stored);
        let next = state;
        for (const event of stored) {
          next = aggregate.evolve(next, { ...aggregate.parse(event), version: event.version });
        }
        return { state: next, version: stored.at(-1)?.version ?? version, stored };
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < MAX_ATTEMPTS) {
          this.logger.debug({ stream, attempt }, 'version race, retrying');
          // Writers that raced once (a visitor's message and presence's routing record, say)
          // would race again on an immediate reload; a short random pause lets one finish.
          await pause(Math.random() * RETRY_JITTER_MS * attempt);
          continue;
        }
        throw error;
      }
    }
  }

  /** Publishes and marks published; a failure is left to the outbox relay. */
  private async publish(stored: readonly StoredEvent[]): Promise<void> {
    try {
      await this.sink.publish(stored);
      await this.store.markPublished(stored.map((event) => event.id));
    } catch (error) {
      this.logger.warn(
        { err: error, ids: stored.map((event) => event.id) },
        'publish failed, outbox relay will retry',
      );
    }
  }
}
