/**
 * Token buckets: `ratePerSecond` sustained, up to `burst` at once. Pure apart from the
 * clock, which is passed in, so the arithmetic is unit-tested without waiting.
 */
export interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface RateLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** Takes one token if there is one; refills by elapsed time first. */
export function takeToken(bucket: Bucket, limit: RateLimit, now: number): boolean {
  const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
  bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed * limit.ratePerSecond);
  bucket.updatedAt = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

export const fullBucket = (limit: RateLimit, now: number): Bucket => ({
  tokens: limit.burst,
  updatedAt: now,
});

/**
 * One bucket per key (e.g. client IP). Buckets that have refilled completely carry no
 * information and are swept, so memory stays bounded by the keys active recently.
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** true when the key may act now. */
  take(key: string): boolean {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = fullBucket(this.limit, now);
      this.buckets.set(key, bucket);
    }
    return takeToken(bucket, this.limit, now);
  }

  /** Forgets buckets that would be full again by now. Call periodically. */
  sweep(): void {
    const now = this.now();
    const refillMs = (this.limit.burst / this.limit.ratePerSecond) * 1000;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= refillMs) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
