import { describe, expect, it } from '@jest/globals';
import { StreamStateCache } from './stream-state-cache.js';

const counter = { name: 'counter' };
const other = { name: 'other' };
const at = (version: number) => ({ state: { count: version }, version });

describe('StreamStateCache', () => {
  it('keys snapshots by aggregate, site and stream', () => {
    const cache = new StreamStateCache(10);
    const snapshot = at(3);
    cache.set(counter, 'site_1', 'conversation-a', snapshot);
    expect(cache.get(counter, 'site_1', 'conversation-a')).toBe(snapshot);
    expect(cache.get(other, 'site_1', 'conversation-a')).toBeUndefined();
    expect(cache.get(counter, 'site_2', 'conversation-a')).toBeUndefined();
    expect(cache.get(counter, 'site_1', 'conversation-b')).toBeUndefined();
  });

  it('does not confuse a site and stream that concatenate alike', () => {
    const cache = new StreamStateCache(10);
    cache.set(counter, 'site_1', 'x-a', at(1));
    expect(cache.get(counter, 'site_1x', '-a')).toBeUndefined();
    expect(cache.get(counter, 'site_', '1x-a')).toBeUndefined();
  });

  it('never replaces a snapshot with an older one of the same stream', () => {
    const cache = new StreamStateCache(10);
    cache.set(counter, 'site_1', 'conversation-a', at(5));
    cache.set(counter, 'site_1', 'conversation-a', at(4));
    expect(cache.get(counter, 'site_1', 'conversation-a')?.version).toBe(5);
    cache.set(counter, 'site_1', 'conversation-a', at(6));
    expect(cache.get(counter, 'site_1', 'conversation-a')?.version).toBe(6);
  });

  it('forgets a snapshot only if it is still the one given', () => {
    const cache = new StreamStateCache(10);
    const stale = at(2);
    cache.set(counter, 'site_1', 'conversation-a', stale);
    const newer = at(3);
    cache.set(counter, 'site_1', 'conversation-a', newer);
    cache.forget(counter, 'site_1', 'conversation-a', stale);
    expect(cache.get(counter, 'site_1', 'conversation-a')).toBe(newer);
    cache.forget(counter, 'site_1', 'conversation-a', newer);
    expect(cache.get(counter, 'site_1', 'conversation-a')).toBeUndefined();
  });

  it('is bounded by entries', () => {
    const cache = new StreamStateCache(2);
    cache.set(counter, 'site_1', 'conversation-a', at(1));
    cache.set(counter, 'site_1', 'conversation-b', at(1));
    cache.set(counter, 'site_1', 'conversation-c', at(1));
    expect(cache.size).toBe(2);
    expect(cache.get(counter, 'site_1', 'conversation-a')).toBeUndefined();
  });
});
