import { describe, expect, it } from '@jest/globals';
import { MAX_DOCUMENTS_PER_INSERT, slices, splitAtFirstGap } from './append-outcome.js';

const at = (...versions: number[]) => versions.map((version) => ({ version, id: `v${version}` }));

describe('slices', () => {
  it('cuts a list into consecutive slices of at most the size, keeping the order', () => {
    expect(slices([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(slices([1, 2], 2)).toEqual([[1, 2]]);
    expect(slices([], 2)).toEqual([]);
  });

  it('sends a 250-event append as 100 + 100 + 50', () => {
    const events = Array.from({ length: 250 }, (_unused, index) => index);
    expect(slices(events, MAX_DOCUMENTS_PER_INSERT).map((slice) => slice.length)).toEqual([
      100, 100, 50,
    ]);
  });
});

describe('splitAtFirstGap', () => {
  it('keeps a prefix that continues the stream', () => {
    expect(splitAtFirstGap(4, at(5, 6, 7))).toEqual({ kept: at(5, 6, 7), stray: [] });
  });

  it('keeps nothing when nothing was stored', () => {
    expect(splitAtFirstGap(4, [])).toEqual({ kept: [], stray: [] });
  });

  it('separates what lies beyond a missing version, whatever order the documents came in', () => {
    // FerretDB 1.24 with more than 100 documents: 5, 6 stored, 7 lost the race, 105.. inserted anyway.
    expect(splitAtFirstGap(4, at(106, 5, 105, 6))).toEqual({ kept: at(5, 6), stray: at(105, 106) });
  });

  it('treats a first document that is not expectedVersion + 1 as stray', () => {
    expect(splitAtFirstGap(0, at(2, 3))).toEqual({ kept: [], stray: at(2, 3) });
  });
});
