import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SiteTask } from './site-task.js';

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

/** Lets the task's promise callbacks run (fake timers do not run microtasks). */
const settle = async () => {
  for (let turn = 0; turn < 5; turn++) await Promise.resolve();
};

describe('SiteTask', () => {
  it('folds a burst of triggers into the run going on and one more after it', async () => {
    const runs: string[] = [];
    const task = new SiteTask(
      (siteId) => {
        runs.push(siteId);
        return Promise.resolve();
      },
      () => undefined,
    );
    for (let trigger = 0; trigger < 10; trigger++) task.soon('s1');
    task.soon('s2');
    await settle();
    expect(runs).toEqual(['s1', 's2', 's1']);
  });

  it('starts the runs of one site at least spacingMs apart, the trailing one included', async () => {
    const startedAt: number[] = [];
    const task = new SiteTask(
      () => {
        startedAt.push(Date.now());
        return Promise.resolve();
      },
      () => undefined,
      500,
    );
    task.soon('s1');
    await settle();
    for (let trigger = 0; trigger < 10; trigger++) task.soon('s1');
    await settle();
    expect(startedAt).toHaveLength(1);

    jest.advanceTimersByTime(499);
    await settle();
    expect(startedAt).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await settle();
    expect(startedAt).toHaveLength(2);
    expect((startedAt[1] ?? 0) - (startedAt[0] ?? 0)).toBe(500);

    // Nothing asked meanwhile: no third run.
    jest.advanceTimersByTime(2_000);
    await settle();
    expect(startedAt).toHaveLength(2);
  });

  it('goes on after a failed run', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const task = new SiteTask(
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('redis down')) : Promise.resolve();
      },
      (error) => errors.push(error),
    );
    task.soon('s1');
    await settle();
    task.soon('s1');
    await settle();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
