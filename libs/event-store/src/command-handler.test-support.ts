import { ConcurrencyError, ConflictError, type StoredEvent } from '@sapa/contracts';
import type { Aggregate, CommandStore, EventSink } from './command-handler.js';
import type { EventStore, ReadOptions } from './event-store.js';

/** A test aggregate: notes that each record how many notes their decider had seen. */
export type TallyEvent =
  | { readonly type: 'Noted'; readonly data: { readonly writer: string; readonly seen: number } }
  | { readonly type: 'Closed'; readonly data: Record<string, never> }
  | { readonly type: 'Reopened'; readonly data: Record<string, never> };

export interface TallyState {
  readonly notes: number;
  readonly closed: boolean;
}

export const tallyAggregate: Aggregate<TallyState, TallyEvent> = {
  initialState: { notes: 0, closed: false },
  evolve: (state, event) => {
    switch (event.type) {
      case 'Noted':
        return { ...state, notes: state.notes + 1 };
      case 'Closed':
        return { ...state, closed: true };
      case 'Reopened':
        return { ...state, closed: false };
      default: {
        const unknownEvent: never = event;
        return unknownEvent;
      }
    }
  },
  parse: (event) => {
    // Stored events are typed as the domain's union; the tally's types are not part of it.
    const { type, data } = event as { readonly type: string; readonly data: unknown };
    if (type === 'Noted' || type === 'Closed' || type === 'Reopened') {
      return { type, data } as TallyEvent;
    }
    throw new Error(`not a tally event: ${type}`);
  },
};

/** Adds a note saying how many notes this decision saw; refused on a closed tally. */
export const note =
  (writer: string) =>
  (state: TallyState): TallyEvent[] => {
    if (state.closed) throw new ConflictError('tally closed');
    return [{ type: 'Noted', data: { writer, seen: state.notes } }];
  };
export const close = (state: TallyState): TallyEvent[] =>
  state.closed ? [] : [{ type: 'Closed', data: {} }];
export const reopenIfClosed = (state: TallyState): TallyEvent[] =>
  state.closed ? [{ type: 'Reopened', data: {} }] : [];

/**
 * The real EventStore seen through what the handler uses, counting its reads (the
 * `afterVersion` of each) and the appends refused with ConcurrencyError. Every call goes to the
 * database.
 */
export class CountingStore implements CommandStore {
  readonly reads: number[] = [];
  conflicts = 0;

  constructor(readonly store: EventStore) {}

  readStream(stream: string, options: ReadOptions = {}): Promise<StoredEvent[]> {
    this.reads.push(options.afterVersion ?? 0);
    return this.store.readStream(stream, options);
  }

  async append(...args: Parameters<EventStore['append']>): Promise<StoredEvent[]> {
    try {
      return await this.store.append(...args);
    } catch (error) {
      if (error instanceof ConcurrencyError) this.conflicts++;
      throw error;
    }
  }

  /** The ids of each markPublished call, in order. */
  readonly marks: string[][] = [];
  /** While set, markPublished waits for it before writing (to hold a write in flight). */
  markGate: Promise<void> | undefined;

  async markPublished(ids: readonly string[]): Promise<void> {
    this.marks.push([...ids]);
    await this.markGate;
    return this.store.markPublished(ids);
  }

  /** Reads that started from the beginning of a stream. */
  fullReads(): number {
    return this.reads.filter((afterVersion) => afterVersion === 0).length;
  }
}

/** Keeps what was published (the handler's JetStream side is not under test here). */
export class RecordingSink implements EventSink {
  readonly published: StoredEvent[] = [];

  publish(events: readonly StoredEvent[]): Promise<void> {
    this.published.push(...events);
    return Promise.resolve();
  }
}
