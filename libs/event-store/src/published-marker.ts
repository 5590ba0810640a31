import type { Logger } from '@sapa/platform';
import type { EventStore } from './event-store.js';

/** Most ids marked per round trip. */
const MAX_IDS_PER_WRITE = 500;

/**
 * Marks published events in the store off the command's path, in batches: commands that
 * finish while a write is in flight are marked together by the next one. A command's answer
 * means "stored" and never waited for this mark; a mark that is late or lost only means the
 * outbox relay publishes the event once more (JetStream drops the repeat by its message id,
 * and consumers are idempotent by event id).
 */
export class PublishedMarker {
  #pending: string[] = [];
  #writing: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<EventStore, 'markPublished'>,
    private readonly logger: Logger,
  ) {}

  /** Queues ids to mark; returns at once. */
  mark(ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.#pending.push(...ids);
    this.#writing ??= this.#writeAll();
  }

  /** Resolves once every id queued so far has been written (or its write has failed). */
  async drain(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
  }

  async #writeAll(): Promise<void> {
    while (this.#pending.length > 0) {
      const ids = this.#pending.splice(0, MAX_IDS_PER_WRITE);
      try {
        await this.store.markPublished(ids);
      } catch (error) {
        this.logger.warn({ err: error, count: ids.length }, 'marking published failed, relay will');
      }
    }
    this.#writing = undefined;
  }
}
