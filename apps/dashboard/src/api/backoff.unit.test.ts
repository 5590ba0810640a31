import { describe, expect, it } from '@jest/globals';
import { backoffDelayMs } from './backoff.js';

describe('backoffDelayMs', () => {
  it('grows exponentially within [ceiling/2, ceiling] and stops at the cap', () => {
    expect(backoffDelayMs(0, () => 0)).toBe(250);
    expect(backoffDelayMs(0, () => 1)).toBe(500);
    expect(backoffDelayMs(3, () => 1)).toBe(4_000);
    expect(backoffDelayMs(20, () => 1)).toBe(15_000);
    expect(backoffDelayMs(20, () => 0)).toBe(7_500);
  });
});
