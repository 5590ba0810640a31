import { describe, expect, it } from '@jest/globals';
import { LruCache } from './lru-cache.js';

const entry = (n: number) => ({ n });

/** A cache of two entries holding a (stored first) and b. */
function cacheOfAB(): LruCache<string, { n: number }> {
  const cache = new LruCache<string, { n: number }>(2);
  cache.set('a', entry(1));
  cache.set('b', entry(2));
  return cache;
}

describe('LruCache', () => {
  it('keeps at most maxEntries, forgetting the least recently stored first', () => {
    const cache = cacheOfAB();
    cache.set('c', entry(3));
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.keys()).toEqual(['b', 'c']);
  });

  it('counts a get as a use, so a read entry outlives an unread one', () => {
    const cache = cacheOfAB();
    expect(cache.get('a')).toEqual(entry(1));
    cache.set('c', entry(3));
    expect(cache.keys()).toEqual(['a', 'c']);
  });

  it('does not count a peek as a use', () => {
    const cache = cacheOfAB();
    expect(cache.peek('a')).toEqual(entry(1));
    cache.set('c', entry(3));
    expect(cache.keys()).toEqual(['b', 'c']);
  });

  it('replaces an entry in place of a new one and marks it used', () => {
    const cache = cacheOfAB();
    cache.set('a', entry(10));
    expect(cache.size).toBe(2);
    expect(cache.keys()).toEqual(['b', 'a']);
    expect(cache.get('a')).toEqual(entry(10));
  });

  it('deletes an entry', () => {
    const cache = new LruCache<string, { n: number }>(3);
    cache.set('a', entry(1));
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('holds nothing with maxEntries 0 (the off switch)', () => {
    const cache = new LruCache<string, { n: number }>(0);
    cache.set('a', entry(1));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('stays bounded over many keys', () => {
    const cache = new LruCache<number, { n: number }>(100);
    for (let n = 0; n < 10_000; n++) cache.set(n, entry(n));
    expect(cache.size).toBe(100);
    expect(cache.keys()[0]).toBe(9_900);
    expect(cache.get(9_999)).toEqual(entry(9_999));
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses maxEntries %p', (max) => {
    expect(() => new LruCache(max)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});
