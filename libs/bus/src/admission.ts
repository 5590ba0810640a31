/**
 * Admission for one responder: at most `limit` requests run at once, the rest wait in arrival
 * order, and a request whose caller has already given up (its deadline passed while it
 * waited) is not run at all. Under overload this spends the service's capacity on requests
 * someone still waits for, instead of on ones whose callers have timed out and will resend:
 * without it, a saturated chat service kept storing messages nobody waited for, and almost
 * every frame timed out (docs/performance.md).
 */
export class Admission {
  #running = 0;
  readonly #waiting: Array<{ readonly deadline: number; readonly start: (late: boolean) => void }> =
    [];

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('admission limit must be ≥ 1');
  }

  /** Requests running now, and waiting for a slot. */
  get load(): { readonly running: number; readonly waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  /**
   * Runs `work` when a slot is free, or `late` instead when `deadline` (ms since epoch) has
   * passed by then. Resolves with what the one that ran returned.
   */
  run<T>(deadline: number, work: () => Promise<T>, late: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (isLate: boolean): void => {
        if (isLate) {
          resolve(late());
          this.#next();
          return;
        }
        this.#running += 1;
        work()
          .then(resolve, reject)
          .finally(() => {
            this.#running -= 1;
            this.#next();
          });
      };
      if (this.#running < this.limit && this.#waiting.length === 0) start(false);
      else this.#waiting.push({ deadline, start });
    });
  }

  #next(): void {
    while (this.#running < this.limit) {
      const waiter = this.#waiting.shift();
      if (!waiter) return;
      waiter.start(this.now() >= waiter.deadline);
    }
  }
}
