/**
 * The timers of one scenario part, so that its finish can clear every one of them at once
 * (nothing keeps firing after a part is done, and the worker's event loop can end).
 */
export class TimerGroup {
  private readonly timers = new Set<NodeJS.Timeout>();

  after(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  every(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setInterval(fn, ms);
    this.timers.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /**
   * Calls `fn(i)` for i = 0 .. count − 1 at `ratePerS` (the first at once), checking every
   * `tickMs`, then `onDone()`. Clearing the group stops it.
   */
  pace(
    ratePerS: number,
    count: number,
    fn: (i: number) => void,
    onDone: () => void = () => undefined,
    tickMs = 20,
  ): void {
    const began = performance.now();
    let done = 0;
    const tick = (): boolean => {
      const due = dueBy(performance.now() - began, ratePerS, count);
      while (done < due) fn(done++);
      if (done < count) return false;
      onDone();
      return true;
    };
    if (tick()) return;
    const timer = this.every(tickMs, () => {
      if (tick()) this.cancel(timer);
    });
  }
}

/** How many of `count` items are due `elapsedMs` after the start at `ratePerS` (the first at 0). */
export function dueBy(elapsedMs: number, ratePerS: number, count: number): number {
  if (ratePerS <= 0) return count;
  return Math.min(count, Math.floor((Math.max(0, elapsedMs) * ratePerS) / 1000) + 1);
}
