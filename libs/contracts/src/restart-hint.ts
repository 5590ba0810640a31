/**
 * A gateway that restarts (SIGTERM) closes each socket with code 1012 (service restart) and a
 * reason `{"retryAfterMs":<n>}`. Clients wait at least the hint, plus random jitter, so the
 * sockets of one gateway come back spread out rather than in the same instant.
 */
export const RESTART_CLOSE_CODE = 1012;

/** Hints above this are clamped: a wrong hint must not keep a client away for long. */
export const RESTART_HINT_MAX_MS = 30_000;
/** The jitter window is the hint itself, but never narrower than this. */
export const RESTART_JITTER_MIN_MS = 250;

/** The close reason a restarting gateway sends (well under the 123-byte limit). */
export function restartCloseReason(retryAfterMs: number): string {
  return JSON.stringify({ retryAfterMs: Math.max(0, Math.round(retryAfterMs)) });
}

/** The hint in a 1012 close reason, or undefined when the reason carries none. */
export function parseRestartHint(reason: string): number | undefined {
  try {
    const value = (JSON.parse(reason) as { retryAfterMs?: unknown } | null)?.retryAfterMs;
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The delay before reconnecting after a close, when the close says "reconnect soon": for 1012,
 * a value in [hint, hint + max(hint, 250 ms)); for 1012 without a readable hint, the jitter
 * window alone. Any other close gives undefined (the caller's own back-off applies).
 */
export function restartRetryDelayMs(
  code: number,
  reason: string,
  random: () => number = Math.random,
): number | undefined {
  if (code !== RESTART_CLOSE_CODE) return undefined;
  const hint = Math.min(RESTART_HINT_MAX_MS, parseRestartHint(reason) ?? 0);
  return Math.round(hint + random() * Math.max(hint, RESTART_JITTER_MIN_MS));
}
