/**
 * Most documents sent in one insertMany. FerretDB 1.24 inserts in internal batches of 100
 * (`--test-batch-size`) and does not keep ordered-insert semantics across them: after a
 * duplicate key in one batch it still inserts the next batch, which would leave a gap in the
 * stream. Within one batch it stops at the failing document, as MongoDB does. So an append
 * is sent in slices of at most this many documents, one after the other.
 */
export const MAX_DOCUMENTS_PER_INSERT = 100;

/** `items` cut into consecutive slices of at most `size`. */
export function slices<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    result.push(items.slice(start, start + size));
  return result;
}

/**
 * Splits the documents an interrupted append managed to store into those that continue the
 * stream from `expectedVersion` without a gap (`kept`) and any that lie beyond a missing
 * version (`stray`). With ordered inserts `stray` is always empty; it is not when a server
 * breaks ordered semantics (see MAX_DOCUMENTS_PER_INSERT), and then those documents must go.
 */
export function splitAtFirstGap<D extends { readonly version: number }>(
  expectedVersion: number,
  stored: readonly D[],
): { kept: D[]; stray: D[] } {
  const sorted = [...stored].sort((left, right) => left.version - right.version);
  let next = expectedVersion + 1;
  let cut = 0;
  while (cut < sorted.length && sorted[cut]?.version === next) {
    cut += 1;
    next += 1;
  }
  return { kept: sorted.slice(0, cut), stray: sorted.slice(cut) };
}
