import {
  ConcurrencyError,
  NotFoundError,
  ValidationError,
  newId,
  type DomainEvent,
  type EventMetadata,
  type StoredEvent,
} from '@sapa/contracts';
import type { Attributes } from '@sapa/platform';
import type { Collection, Db, Filter } from 'mongodb';
import { fromEventDocument, toEventDocument, type EventDocument } from './event-document.js';
import { MAX_DOCUMENTS_PER_INSERT, slices, splitAtFirstGap } from './append-outcome.js';
import { ensureEventIndexes } from './event-indexes.js';
import { appendAttributes, observedAppend } from './store-telemetry.js';
import {
  concurrencyError,
  isDuplicateKeyError,
  storeOperation,
  toStoreError,
} from './store-errors.js';
import {
  checkCategory,
  checkInteger,
  checkNewEvents,
  checkSiteId,
  checkStream,
} from './store-input.js';

/** Name of the collection unless `open` is told otherwise. */
export const DEFAULT_EVENTS_COLLECTION = 'events';
/** Documents per round trip when reading a whole category. */
export const DEFAULT_CATEGORY_BATCH_SIZE = 500;

/** An event to append: the store adds id, stream, version, siteId and time. */
export interface NewEvent<E extends { type: string; data: unknown } = DomainEvent> {
  readonly type: E['type'];
  readonly data: E['data'];
  readonly metadata: EventMetadata;
}

/** Which part of a stream to read. */
export interface ReadOptions {
  /** Only events with a greater version (default 0: from the start). */
  readonly afterVersion?: number;
  /** At most this many events (default: all). */
  readonly limit?: number;
}

/**
 * The append-only event store: one document per event in the `events` collection (see
 * docs/event-store.md). It uses only what MongoDB and FerretDB 1.x both support — single
 * document writes, an ordered insertMany, unique compound indexes, sorted finds — and never
 * multi-document transactions or change streams.
 *
 * Invariant: a stream's versions are 1..n with no gap, and a stored event is never deleted
 * (the one exception, documents a faulty server stored beyond a gap, is at #settleInterrupted).
 */
export class EventStore {
  readonly #events: Collection<EventDocument>;

  readonly #appendAttributes: Attributes;

  private constructor(events: Collection<EventDocument>) {
    this.#events = events;
    this.#appendAttributes = appendAttributes(events);
  }

  /** Opens the `events` collection (name overridable) and creates its indexes idempotently. */
  static async open(db: Db, options: { collection?: string } = {}): Promise<EventStore> {
    const events = db.collection<EventDocument>(options.collection ?? DEFAULT_EVENTS_COLLECTION);
    await storeOperation('open', () => ensureEventIndexes(events));
    return new EventStore(events);
  }

  /**
   * Appends events at expectedVersion+1, +2, ... with an ordered insertMany (one per 100
   * events, see MAX_DOCUMENTS_PER_INSERT). If the stream is not at expectedVersion (behind or
   * ahead), throws ConcurrencyError and stores nothing of this call. Returns the stored events
   * (ids are fresh `newId()`s, time = now, the same for all). Throws NotFoundError, storing
   * nothing, when the stream already holds events of another site; ValidationError for bad
   * arguments; UnavailableError when the database cannot be reached (if that happens during
   * the insert, whether it was stored is unknown: reload before deciding again).
   *
   * One exception, described at PartialAppendError (a ConcurrencyError): if another writer
   * appends on top of this call's first events while it is still inserting the rest, those
   * first events are kept and the error lists them.
   *
   * `expectedVersionSeen`: the caller has itself read or written this stream of this site up
   * to exactly expectedVersion (a command handler's folded state). Stored events are never
   * deleted, so the stream cannot be short of it, and the head read that guards against an
   * expectedVersion the stream never reached is skipped: the append is one insert. A writer
   * that is behind is still refused by the unique (stream, version) index.
   */
  async append(
    stream: string,
    siteId: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    options: { readonly expectedVersionSeen?: boolean } = {},
  ): Promise<StoredEvent[]> {
    checkStream(stream);
    checkSiteId(siteId);
    checkInteger('expectedVersion', expectedVersion, 0);
    checkNewEvents(events);

    const time = new Date().toISOString();
    const documents = events.map((event, index) =>
      toEventDocument({
        id: newId(),
        stream,
        version: expectedVersion + index + 1,
        siteId,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        time,
      }),
    );

    return observedAppend(this.#appendAttributes, () =>
      this.#insert(stream, siteId, expectedVersion, documents, options),
    );
  }

  /** The append's checks and inserts (see `append`). */
  #insert(
    stream: string,
    siteId: string,
    expectedVersion: number,
    documents: EventDocument[],
    options: { readonly expectedVersionSeen?: boolean },
  ): Promise<StoredEvent[]> {
    return storeOperation('append', async () => {
      // The unique (stream, version) index catches a writer that is behind; this read catches
      // one that is ahead (an expectedVersion the stream never reached), which the index
      // cannot see and which would otherwise leave a gap. Events are never deleted, so a
      // version seen here stays there: together the two checks keep every stream gap-free.
      if (options.expectedVersionSeen !== true) {
        const head = await this.#head(stream);
        // A stream belongs to the site of its first event; appending for another site is
        // refused as if the stream did not exist, so its existence is not revealed either.
        if (head !== undefined && head.siteId !== siteId) {
          throw new NotFoundError(`stream ${stream} not found`);
        }
        if ((head?.version ?? 0) !== expectedVersion)
          throw new ConcurrencyError(stream, expectedVersion);
      }
      for (const slice of slices(documents, MAX_DOCUMENTS_PER_INSERT)) {
        try {
          await this.#events.insertMany(slice, { ordered: true });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          throw concurrencyError(
            stream,
            expectedVersion,
            await this.#settleInterrupted(stream, expectedVersion, documents),
          );
        }
      }
      return documents.map(fromEventDocument);
    });
  }

  /** Events of one stream with version > afterVersion, in version order. */
  async readStream(stream: string, options: ReadOptions = {}): Promise<StoredEvent[]> {
    checkStream(stream);
    const afterVersion = options.afterVersion ?? 0;
    checkInteger('afterVersion', afterVersion, 0);
    if (options.limit !== undefined) checkInteger('limit', options.limit, 1);

    return storeOperation('readStream', async () => {
      const cursor = this.#events
        .find({ stream, version: { $gt: afterVersion } })
        .sort({ version: 1 });
      if (options.limit !== undefined) cursor.limit(options.limit);
      return (await cursor.toArray()).map(fromEventDocument);
    });
  }

  /** Current version of a stream (0 when it has no events). */
  async streamVersion(stream: string): Promise<number> {
    checkStream(stream);
    return storeOperation('streamVersion', () => this.#currentVersion(stream));
  }

  /**
   * Events stored but not yet marked published, oldest first, optionally only those stored
   * before a time. Events of one append share their time; they come in (stream, version) order.
   */
  async findUnpublished(options: { limit: number; storedBefore?: Date }): Promise<StoredEvent[]> {
    checkInteger('limit', options.limit, 1);
    const { storedBefore } = options;
    if (
      storedBefore !== undefined &&
      !(storedBefore instanceof Date && Number.isFinite(storedBefore.getTime()))
    ) {
      throw new ValidationError('storedBefore must be a valid Date', { field: 'storedBefore' });
    }
    const filter: Filter<EventDocument> =
      storedBefore === undefined
        ? { published: false }
        : { published: false, time: { $lt: storedBefore } };

    return storeOperation('findUnpublished', async () =>
      (
        await this.#events
          .find(filter)
          .sort({ time: 1, stream: 1, version: 1 })
          .limit(options.limit)
          .toArray()
      ).map(fromEventDocument),
    );
  }

  /**
   * Marks events as published (idempotent; unknown ids are ignored): one round trip, one update
   * per id. Not an `updateMany` with `_id: { $in }`: FerretDB 1.24 answers that with a scan of
   * the whole collection (~110 ms at 2,000 events), an `_id` equality from its primary key
   * (~2.5 ms; docs/event-store.md).
   */
  async markPublished(ids: readonly string[]): Promise<void> {
    if (!isStringList(ids)) {
      throw new ValidationError('ids must be a list of event ids', { field: 'ids' });
    }
    if (ids.length === 0) return;
    await storeOperation('markPublished', () =>
      this.#events.bulkWrite(
        ids.map((id) => ({
          updateOne: {
            filter: { _id: id, published: false },
            update: { $set: { published: true } },
          },
        })),
        { ordered: false },
      ),
    );
  }

  /**
   * Every event whose stream starts with `<category>-`, ordered by (stream, version), fetched
   * `batchSize` documents per round trip: for rebuilding projections.
   */
  readCategory(category: string, options: { batchSize?: number } = {}): AsyncIterable<StoredEvent> {
    // Checked here, not inside the generator, so a bad argument fails at the call.
    checkCategory(category);
    const batchSize = options.batchSize ?? DEFAULT_CATEGORY_BATCH_SIZE;
    checkInteger('batchSize', batchSize, 1);
    return this.#readCategory(category, batchSize);
  }

  async *#readCategory(category: string, batchSize: number): AsyncGenerator<StoredEvent> {
    // A range, not a regex: '.' is the character after '-', so [`c-`, `c.`) is exactly the
    // strings starting with `c-`. It uses the (stream, version) index on MongoDB and means
    // the same under FerretDB's byte-wise string comparison.
    const cursor = this.#events
      .find({ stream: { $gte: `${category}-`, $lt: `${category}.` } })
      .sort({ stream: 1, version: 1 })
      .batchSize(batchSize);
    try {
      for await (const document of cursor) yield fromEventDocument(document);
    } catch (error) {
      throw toStoreError('readCategory', error);
    } finally {
      await cursor.close();
    }
  }

  async #currentVersion(stream: string): Promise<number> {
    return (await this.#head(stream))?.version ?? 0;
  }

  /** The last event of a stream (version and site only), if it has any. */
  async #head(stream: string): Promise<{ version: number; siteId: string } | undefined> {
    const [last] = await this.#events
      .find({ stream }, { projection: { _id: 0, version: 1, siteId: 1 } })
      .sort({ version: -1 })
      .limit(1)
      .toArray();
    return last === undefined ? undefined : { version: last.version, siteId: last.siteId };
  }

  /**
   * After a lost race part-way through an append: which of this call's documents made it in,
   * asked of the database rather than read from the driver's error (its shape differs between
   * servers). Normally a prefix of the call, which is kept (see PartialAppendError). Documents
   * beyond a missing version can only come from a server that broke ordered semantics; they
   * are deleted, so that this call leaves no gap behind.
   *
   * Every lost race of an append comes here, so the read must stay cheap: the `stream`
   * equality (the stream of every one of these documents) lets FerretDB, which ignores `$in`,
   * read one stream instead of decoding the whole collection in Go. That scan was most of
   * FerretDB's CPU in the 500-visitor chat bench (docs/performance.md, "Fourth pass").
   */
  async #settleInterrupted(
    stream: string,
    expectedVersion: number,
    documents: readonly EventDocument[],
  ): Promise<StoredEvent[]> {
    const ids = documents.map((document) => document._id);
    const stored = await this.#events.find({ stream, _id: { $in: ids } }).toArray();
    const { kept, stray } = splitAtFirstGap(expectedVersion, stored);
    if (stray.length > 0) {
      await this.#events.deleteMany({
        stream,
        _id: { $in: stray.map((document) => document._id) },
      });
    }
    return kept.map(fromEventDocument);
  }
}

// A runtime check for JavaScript callers (and values that came off the wire).
function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
