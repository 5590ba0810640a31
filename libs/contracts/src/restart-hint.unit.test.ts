import { describe, expect, it } from '@jest/globals';
import {
  parseRestartHint,
  restartCloseReason,
  restartRetryDelayMs,
  RESTART_HINT_MAX_MS,
} from './restart-hint.js';

describe('the restart retry delay', () => {
  it('respects the hint and adds jitter within [hint, 2 × hint)', () => {
    const reason = restartCloseReason(800);
    expect(restartRetryDelayMs(1012, reason, () => 0)).toBe(800);
    expect(restartRetryDelayMs(1012, reason, () => 0.5)).toBe(1200);
    expect(restartRetryDelayMs(1012, reason, () => 0.999)).toBeLessThan(1600);
    for (let i = 0; i < 1000; i++) {
      const delay = restartRetryDelayMs(1012, reason) ?? -1;
      expect(delay).toBeGreaterThanOrEqual(800);
      expect(delay).toBeLessThanOrEqual(1600);
    }
  });

  it('spreads clients out: many draws are not all the same instant', () => {
    const reason = restartCloseReason(500);
    const delays = new Set(Array.from({ length: 100 }, () => restartRetryDelayMs(1012, reason)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('jitters over at least 250 ms when the hint is zero or unreadable', () => {
    expect(restartRetryDelayMs(1012, restartCloseReason(0), () => 0.999)).toBe(250);
    expect(restartRetryDelayMs(1012, 'server shutting down', () => 0.5)).toBe(125);
    expect(restartRetryDelayMs(1012, '', () => 0)).toBe(0);
  });

  it('clamps a huge hint', () => {
    const delay = restartRetryDelayMs(1012, restartCloseReason(10 ** 9), () => 0);
    expect(delay).toBe(RESTART_HINT_MAX_MS);
  });

  it('leaves every other close code to the caller’s back-off', () => {
    expect(restartRetryDelayMs(1001, restartCloseReason(500))).toBeUndefined();
    expect(restartRetryDelayMs(1006, '')).toBeUndefined();
  });

  it('reads only a non-negative number as a hint', () => {
    expect(parseRestartHint('{"retryAfterMs":300}')).toBe(300);
    expect(parseRestartHint('{"retryAfterMs":-1}')).toBeUndefined();
    expect(parseRestartHint('{"retryAfterMs":"300"}')).toBeUndefined();
    expect(parseRestartHint('null')).toBeUndefined();
    expect(parseRestartHint('{')).toBeUndefined();
  });
});
