import { describe, expect, it } from '@jest/globals';
import { Admission } from './admission.js';

/** A promise plus its resolve, to hold work until the test lets it go. */
function gate() {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('admission', () => {
  it('runs at most `limit` at once, the rest in arrival order', async () => {
    const admission = new Admission(2, () => 0);
    const order: string[] = [];
    const held = gate();
    const job = (name: string) => () => {
      order.push(name);
      return held.promise.then(() => name);
    };
    const all = ['a', 'b', 'c', 'd'].map((name) => admission.run(1_000, job(name), () => 'late'));
    expect(order).toEqual(['a', 'b']);
    expect(admission.load).toEqual({ running: 2, waiting: 2 });
    held.open();
    await expect(Promise.all(all)).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(admission.load).toEqual({ running: 0, waiting: 0 });
  });

  it('does not run a waiting request whose deadline passed; the next one runs', async () => {
    let now = 0;
    const admission = new Admission(1, () => now);
    const held = gate();
    let ran = 0;
    const first = admission.run(
      10_000,
      () => held.promise.then(() => 'first'),
      () => 'late',
    );
    const expired = admission.run(
      500,
      () => {
        ran += 1;
        return Promise.resolve('ran');
      },
      () => 'late',
    );
    const fresh = admission.run(
      10_000,
      () => Promise.resolve('fresh'),
      () => 'late',
    );
    now = 1_000;
    held.open();
    await expect(Promise.all([first, expired, fresh])).resolves.toEqual(['first', 'late', 'fresh']);
    expect(ran).toBe(0);
  });

  it('frees the slot when work fails', async () => {
    const admission = new Admission(1, () => 0);
    const failed = admission.run(
      1_000,
      () => Promise.reject(new Error('boom')),
      () => 'late',
    );
    const next = admission.run(
      1_000,
      () => Promise.resolve('next'),
      () => 'late',
    );
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
