import { describe, expect, it } from '@jest/globals';
import { refreshDelayMs } from './rest.js';

describe('refreshDelayMs', () => {
  const session = (expiresIn: number, now: number) => ({
    token: 't',
    expiresIn,
    expiresAt: now + expiresIn * 1000,
    agent: { agentId: 'a', siteId: 's', name: 'Ani', role: 'agent' as const },
  });

  it('refreshes a minute early, or at 80% of a short life, and at once when overdue', () => {
    expect(refreshDelayMs(session(900, 0), 0)).toBe(840_000);
    expect(refreshDelayMs(session(60, 0), 0)).toBe(48_000);
    expect(refreshDelayMs(session(60, 0), 100_000)).toBe(0);
  });
});
