import { LruCache } from './lru-cache.js';

/** An aggregate's state folded from versions 1..version of one stream. */
export interface StreamSnapshot<State> {
  readonly state: State;
  readonly version: number;
}

/**
 * Folded states per (aggregate, site, stream), bounded by entries (least recently used go
 * first). A snapshot is a fold of events exactly as they were stored, and stored events never
 * change, so a snapshot can only ever be *behind* its stream, never wrong about the versions it
 * covers. Keyed by aggregate too, since two aggregates may fold one stream differently, and by
 * site, so that a stream is only ever served to the site whose events it holds.
 */
export class StreamStateCache {
  readonly #snapshots: LruCache<string, StreamSnapshot<unknown>>;
  /** A number per aggregate object (aggregates are module constants; identity is the key). */
  readonly #aggregateIds = new WeakMap<object, number>();
  #nextAggregateId = 1;

  constructor(maxEntries: number) {
    this.#snapshots = new LruCache(maxEntries);
  }

  get size(): number {
    return this.#snapshots.size;
  }

  get<State>(aggregate: object, siteId: string, stream: string): StreamSnapshot<State> | undefined {
    return this.#snapshots.get(this.#key(aggregate, siteId, stream)) as
      StreamSnapshot<State> | undefined;
  }

  /**
   * Keeps a snapshot unless a newer one of the same stream is already there (two commands of one
   * process can finish out of order; the older must not replace the newer).
   */
  set<State>(aggregate: object, siteId: string, stream: string, snapshot: StreamSnapshot<State>) {
    const key = this.#key(aggregate, siteId, stream);
    const current = this.#snapshots.peek(key);
    if (current !== undefined && current.version > snapshot.version) return;
    this.#snapshots.set(key, snapshot);
  }

  /** Forgets the snapshot if it is still the given one (a newer one stays). */
  forget(aggregate: object, siteId: string, stream: string, snapshot: StreamSnapshot<unknown>) {
    const key = this.#key(aggregate, siteId, stream);
    if (this.#snapshots.peek(key) === snapshot) this.#snapshots.delete(key);
  }

  #key(aggregate: object, siteId: string, stream: string): string {
    let id = this.#aggregateIds.get(aggregate);
    if (id === undefined) {
      id = this.#nextAggregateId++;
      this.#aggregateIds.set(aggregate, id);
    }
    // The site's length makes the key unambiguous whatever the strings hold.
    return `${id}:${siteId.length}:${siteId}${stream}`;
  }
}
