import type { Bus } from '@sapa/bus';
import { VISITORS_SEEN_BATCH_MAX, type VisitorGone, type VisitorSeen } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';

/** A visitor socket's registration, as the batcher sees it. */
export interface BatchedVisitor {
  /**
   * What to store for this socket now, or undefined when there is nothing to send: the socket
   * closed, or one of its own requests is queued or in flight (which renews it anyway, and
   * must not be overtaken by an older state).
   */
  batchEntry(): VisitorSeen | undefined;
  /** The socket's next own request (a navigation, its `gone`) waits for this batch. */
  inBatch(sent: Promise<void>): void;
}

/**
 * Sends many visitor sockets' `visitor-seen` as one `presence.visitors-seen`: every socket at
 * each presence tick, and the sockets that opened within the last `windowMs`; and the sockets
 * that closed within it as one `presence.visitors-gone`. At 19,000 sockets one request each
 * overran presence (28,532 refusals in one idle run, 4,894 when they all closed;
 * docs/performance.md, "Third pass"); batched, a tick is 38 requests.
 */
export class LiveVisitorBatcher {
  private readonly waiting = new Set<BatchedVisitor>();
  private leaving: VisitorGone[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Batches sent and not yet answered. */
  private readonly inFlight = new Set<Promise<void>>();
  private renewing = true;

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly options: { windowMs: number; timeoutMs: number },
  ) {}

  /** Reports `visitor` within `windowMs`; added twice before that, it is reported once. */
  add(visitor: BatchedVisitor): void {
    if (!this.renewing) return;
    this.waiting.add(visitor);
    this.scheduled(this.waiting.size);
  }

  /**
   * Reports a closed socket within `windowMs`. The caller sends it after the socket's own
   * requests and batches, so nothing stores the socket again after it.
   */
  leave(ids: VisitorGone): void {
    this.leaving.push(ids);
    this.scheduled(this.leaving.length);
  }

  /** Sends what is waiting now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const visitors = [...this.waiting];
    this.waiting.clear();
    for (let start = 0; start < visitors.length; start += VISITORS_SEEN_BATCH_MAX) {
      this.sendSeen(visitors.slice(start, start + VISITORS_SEEN_BATCH_MAX));
    }
    const leaving = this.leaving;
    this.leaving = [];
    for (let start = 0; start < leaving.length; start += VISITORS_SEEN_BATCH_MAX) {
      this.sendGone(leaving.slice(start, start + VISITORS_SEEN_BATCH_MAX));
    }
  }

  /**
   * The gateway is stopping: registrations and renewals waiting or still to come are dropped
   * (their sockets are about to close); closes are still reported.
   */
  stopRenewals(): void {
    this.renewing = false;
    this.waiting.clear();
  }

  /**
   * Sends every close that is waiting, and those that queue themselves behind a batch still in
   * flight (a socket's close waits for its batch), and resolves once all are answered. The
   * gateway calls it after its sockets have closed and before the bus drains: a close sent
   * after that fails with "connection draining" and the visitor stays listed until its lease
   * lapses (all 600 of a test's sockets did, before; docs/presence.md).
   */
  async sendRemaining(): Promise<void> {
    this.stopRenewals();
    for (;;) {
      this.flush();
      if (this.inFlight.size === 0) return;
      await Promise.all(this.inFlight);
      // A close chained on a batch that was just answered queues itself in this turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Sends at once when a batch is full, else within `windowMs`. */
  private scheduled(size: number): void {
    if (size >= VISITORS_SEEN_BATCH_MAX) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.options.windowMs);
      this.timer.unref();
    }
  }

  private sendGone(visitors: VisitorGone[]): void {
    // A close that does not arrive: presence still drops the socket when its lease lapses.
    void this.logged(
      'visitors-gone',
      visitors.length,
      this.bus.request(
        'presence.visitors-gone',
        { visitors },
        { timeoutMs: this.options.timeoutMs },
      ),
    );
  }

  private sendSeen(visitors: readonly BatchedVisitor[]): void {
    const included: BatchedVisitor[] = [];
    const entries: VisitorSeen[] = [];
    for (const visitor of visitors) {
      const entry = visitor.batchEntry();
      if (entry === undefined) continue;
      included.push(visitor);
      entries.push(entry);
    }
    if (entries.length === 0) return;
    const sent = this.logged(
      'visitors-seen',
      entries.length,
      this.bus.request(
        'presence.visitors-seen',
        { visitors: entries },
        { timeoutMs: this.options.timeoutMs },
      ),
    );
    for (const visitor of included) visitor.inBatch(sent);
  }

  /**
   * Logs a batch's failure, or the entries presence could not apply; never rejects: the live
   * list is a convenience and must not break anyone's chat.
   */
  private logged(what: string, entries: number, request: Promise<{ failed: number }>) {
    const answered = request.then(
      (result) => {
        if (result.failed > 0) this.logger.warn({ ...result }, `${what}: entries not applied`);
      },
      (error: unknown) => {
        this.logger.warn({ err: error, visitors: entries }, `${what} failed`);
      },
    );
    this.inFlight.add(answered);
    void answered.finally(() => this.inFlight.delete(answered));
    return answered;
  }
}
