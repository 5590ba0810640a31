/**
 * Automatic away, as pure steps over a clock the caller passes in (the hook passes
 * `Date.now()`, the unit tests plain numbers). The dashboard sets the agent `away` after
 * `autoAwayMinutes` (duty settings; 0 = never) without input, and `online` again on the next
 * input — but only an away it set itself: an agent who chose away stays away.
 */

export interface IdleState {
  /** Epoch ms of the agent's last input (pointer, key, focus, the tab shown). */
  readonly lastInputAt: number;
  /** true while the current `away` is the one this tracker set. */
  readonly autoAway: boolean;
}

/** The agent's status as the server last said it. */
export type TrackedStatus = 'online' | 'away' | 'offline';

/** A state and, when one is due, the status to send (`status.set`). */
export interface IdleStep {
  readonly state: IdleState;
  readonly send?: 'online' | 'away';
}

export const startIdle = (now: number): IdleState => ({ lastInputAt: now, autoAway: false });

const minutesToMs = (minutes: number): number => minutes * 60_000;

/** Input seen: remember it; come back online if the away was automatic. */
export function onInput(state: IdleState, now: number, status: TrackedStatus): IdleStep {
  if (!state.autoAway) return { state: { ...state, lastInputAt: now } };
  // Also while the automatic `away` is still on its way (status not yet away): `online`
  // follows it on the same socket, so the agent who came back is not left away.
  const next: IdleState = { lastInputAt: now, autoAway: false };
  return status === 'offline' ? { state: next } : { state: next, send: 'online' };
}

/**
 * The timer fired (or any moment): away when an online agent has given no input for the
 * threshold. Never touches an agent who is already away or offline.
 */
export function onTimer(
  state: IdleState,
  now: number,
  status: TrackedStatus,
  minutes: number,
): IdleStep {
  if (minutes <= 0 || status !== 'online' || state.autoAway) return { state };
  if (now - state.lastInputAt < minutesToMs(minutes)) return { state };
  return { state: { ...state, autoAway: true }, send: 'away' };
}

/** The agent chose a status by hand: whatever they chose is theirs, not automatic. */
export function onChosen(state: IdleState, now: number): IdleState {
  return { lastInputAt: Math.max(state.lastInputAt, now), autoAway: false };
}

/** Sending the automatic status failed: forget that it was set. */
export function onSendFailed(state: IdleState): IdleState {
  return state.autoAway ? { ...state, autoAway: false } : state;
}

/**
 * Milliseconds until the agent would count as idle (0 if already), or null when automatic
 * away is off. The hook sets one timer for this and re-checks when it fires, instead of
 * polling or re-arming on every mouse move.
 */
export function msUntilIdle(state: IdleState, now: number, minutes: number): number | null {
  if (minutes <= 0) return null;
  return Math.max(0, state.lastInputAt + minutesToMs(minutes) - now);
}
