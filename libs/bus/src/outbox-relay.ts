import type { StoredEvent } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import type { EventPublisher } from './event-publisher.js';

/** Where the outbox relay finds stored-but-unpublished events (the event store implements this). */
export interface UnpublishedEvents {
  /** Oldest first, at most `limit`, only events stored before `storedBefore` when given. */
  findUnpublished(options: { limit: number; storedBefore?: Date }): Promise<StoredEvent[]>;
  markPublished(ids: readonly string[]): Promise<void>;
}

export const DEFAULT_RELAY_INTERVAL_MS = 5_000;
export const DEFAULT_RELAY_GRACE_MS = 10_000;
export const DEFAULT_RELAY_BATCH_SIZE = 100;
/** A pass stops after this many batches so one pass cannot run for ever under a flood. */
const MAX_BATCHES_PER_PASS = 50;

/**
 * Re-publishes events that were stored but not published (the writer died between append and
 * publish). Runs runOnce() at start() and then every intervalMs; only considers events older
 * than graceMs (the writer normally publishes them itself); publishes then marks published.
 * Safe to run in every replica: JetStream drops a repeat within its duplicate window, and
 * consumers are idempotent by event id for anything later.
 */
export class OutboxRelay {
  readonly #source: UnpublishedEvents;
  readonly #publisher: EventPublisher;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #graceMs: number;
  readonly #batchSize: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #stopped = true;

  constructor(options: {
    source: UnpublishedEvents;
    publisher: EventPublisher;
    logger: Logger;
    intervalMs?: number;
    graceMs?: number;
    batchSize?: number;
  }) {
    this.#source = options.source;
    this.#publisher = options.publisher;
    this.#logger = options.logger.child({ module: 'outbox-relay' });
    this.#intervalMs = options.intervalMs ?? DEFAULT_RELAY_INTERVAL_MS;
    this.#graceMs = options.graceMs ?? DEFAULT_RELAY_GRACE_MS;
    this.#batchSize = options.batchSize ?? DEFAULT_RELAY_BATCH_SIZE;
  }

  /** Runs a pass now and then every intervalMs until stop(). */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#tick();
  }

  /** Stops the timer and waits for a pass in progress to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /**
   * One pass; returns how many events it published. Passes never overlap: a call while one
   * runs waits for that one. A failure is thrown to the caller (start() logs and retries later).
   */
  runOnce(): Promise<number> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  #tick(): void {
    if (this.#stopped) return;
    void this.runOnce()
      .then(
        (count) => {
          if (count > 0) this.#logger.info({ count }, 'relayed unpublished events');
        },
        (error: unknown) => this.#logger.warn({ err: error }, 'outbox relay pass failed'),
      )
      .finally(() => {
        if (this.#stopped) return;
        // A timer per pass (not setInterval): a slow pass is never overlapped by the next one.
        this.#timer = setTimeout(() => this.#tick(), this.#intervalMs);
        this.#timer.unref();
      });
  }

  async #pass(): Promise<number> {
    // Fixed at the start of the pass, so events stored meanwhile wait for the writer's own publish.
    const storedBefore = new Date(Date.now() - this.#graceMs);
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch += 1) {
      const events = await this.#source.findUnpublished({ limit: this.#batchSize, storedBefore });
      if (events.length === 0) break;
      await this.#publisher.publish(events);
      await this.#source.markPublished(events.map((event) => event.id));
      total += events.length;
      if (events.length < this.#batchSize) break;
    }
    return total;
  }
}
