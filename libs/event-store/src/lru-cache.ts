import { ValidationError } from '@sapa/contracts';

/**
 * A map bounded by its number of entries that forgets the least recently used entry first.
 * A `Map` keeps insertion order, so re-inserting on every use keeps the oldest use first.
 * `maxEntries` 0 holds nothing (every `get` misses): the off switch.
 */
export class LruCache<K, V extends object> {
  readonly #entries = new Map<K, V>();

  constructor(readonly maxEntries: number) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 0) {
      throw new ValidationError('maxEntries must be an integer >= 0', { field: 'maxEntries' });
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry, marked as just used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** The entry without marking it used. */
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Stores an entry as just used, forgetting the least recently used ones beyond the bound. */
  set(key: K, value: V): void {
    if (this.maxEntries === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** Keys from least to most recently used. */
  keys(): K[] {
    return [...this.#entries.keys()];
  }
}
