/**
 * Runs a per-site task in the background, at most one at a time per site: calls that arrive
 * while it runs fold into one more run after it (so a burst of triggers costs two runs, not
 * one per trigger). With `spacingMs`, runs of one site also start at least that far apart:
 * the trailing run waits. Failures go to `onError`; the next trigger retries.
 */
export class SiteTask {
  readonly #running = new Set<string>();
  readonly #again = new Set<string>();

  constructor(
    private readonly run: (siteId: string) => Promise<unknown>,
    private readonly onError: (error: unknown, siteId: string) => void,
    private readonly spacingMs = 0,
  ) {}

  soon(siteId: string): void {
    if (this.#running.has(siteId)) {
      this.#again.add(siteId);
      return;
    }
    this.#running.add(siteId);
    const startedAt = Date.now();
    this.run(siteId)
      .catch((error: unknown) => this.onError(error, siteId))
      .finally(() => {
        const wait = this.spacingMs - (Date.now() - startedAt);
        if (wait > 0) setTimeout(() => this.release(siteId), wait).unref();
        else this.release(siteId);
      });
  }

  private release(siteId: string): void {
    this.#running.delete(siteId);
    if (this.#again.delete(siteId)) this.soon(siteId);
  }
}
