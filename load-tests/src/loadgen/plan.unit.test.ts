import { describe, expect, it } from '@jest/globals';
import { firstOf, num, share, socketsNeeded, thresholdsFor } from './plan.js';
import { dueBy } from './timers.js';

describe('splitting a scenario over the workers', () => {
  it('gives every item to exactly one worker, remainder first', () => {
    expect([0, 1, 2].map((w) => share(10, w, 3))).toEqual([4, 3, 3]);
    expect([0, 1, 2].map((w) => firstOf(10, w, 3))).toEqual([0, 4, 7]);
    expect([0, 1].map((w) => share(1, w, 2))).toEqual([1, 0]);
  });

  it('paces items at a rate, the first at once, never more than the count', () => {
    expect(dueBy(0, 100, 1000)).toBe(1);
    expect(dueBy(500, 100, 1000)).toBe(51);
    expect(dueBy(60_000, 100, 1000)).toBe(1000);
    expect(dueBy(0, 0, 7)).toBe(7);
  });
});

describe('knobs and thresholds', () => {
  it('reads numeric knobs with defaults and refuses garbage', () => {
    expect(num({ SOCKETS: '300' }, 'SOCKETS', 1)).toBe(300);
    expect(num({}, 'SOCKETS', 1)).toBe(1);
    expect(() => num({ SOCKETS: 'many' }, 'SOCKETS', 1)).toThrow(/must be a number/);
  });

  it("has k6's thresholds: storm needs every reconnect, chat no loss of any kind", () => {
    expect(
      thresholdsFor({ scenario: 'churn', params: { MODE: 'storm', EXPECT_RECONNECTS: 150 } }),
    ).toEqual([
      { counter: 'sapa_gave_up', max: 0 },
      { counter: 'sapa_reconnected', min: 150 },
    ]);
    const chat = thresholdsFor({ scenario: 'chat', params: {} }).map((t) => t.counter);
    expect(chat).toEqual(
      expect.arrayContaining(['sapa_lost', 'sapa_lost_stored', 'sapa_duplicated', 'sapa_gaps']),
    );
  });

  it('counts the sockets a run holds (to pick source addresses)', () => {
    const config = { wsUrl: 'ws://127.0.0.1:1', origin: '', siteKey: '', agents: [] };
    expect(
      socketsNeeded({ scenario: 'soak', params: { SOCKETS: 100, VISITORS: 10 }, config }),
    ).toBe(110);
    expect(
      socketsNeeded({ scenario: 'centrifugo', params: { MODE: 'fanout', SUBSCRIBERS: 50 } }),
    ).toBe(51);
  });
});
