/**
 * Reconnect delays: exponential from `baseMs`, capped at `maxMs`, with "full jitter" so a
 * gateway restart does not get every dashboard back in the same millisecond.
 */
export function backoffDelayMs(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 500,
  maxMs = 15_000,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
