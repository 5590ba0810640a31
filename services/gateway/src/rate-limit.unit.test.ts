import { describe, expect, it } from '@jest/globals';
import { KeyedRateLimiter, fullBucket, takeToken } from './rate-limit.js';

describe('token bucket', () => {
  const limit = { ratePerSecond: 2, burst: 3 };

  it('allows a burst, then refuses until tokens refill', () => {
    const bucket = fullBucket(limit, 0);
    expect([1, 2, 3, 4].map(() => takeToken(bucket, limit, 0))).toEqual([true, true, true, false]);
    expect(takeToken(bucket, limit, 499)).toBe(false);
    expect(takeToken(bucket, limit, 500)).toBe(true);
  });

  it('never stores more than the burst', () => {
    const bucket = fullBucket(limit, 0);
    takeToken(bucket, limit, 60_000);
    expect(bucket.tokens).toBe(2);
  });

  it('keeps keys apart and sweeps full buckets', () => {
    let now = 0;
    const limiter = new KeyedRateLimiter({ ratePerSecond: 1, burst: 1 }, () => now);
    expect(limiter.take('10.0.0.1')).toBe(true);
    expect(limiter.take('10.0.0.1')).toBe(false);
    expect(limiter.take('10.0.0.2')).toBe(true);
    now = 999;
    limiter.sweep();
    expect(limiter.size).toBe(2);
    now = 1000;
    limiter.sweep();
    expect(limiter.size).toBe(0);
  });
});
