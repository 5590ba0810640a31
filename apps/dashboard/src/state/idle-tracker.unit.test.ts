import { describe, expect, it } from '@jest/globals';
import {
  msUntilIdle,
  onChosen,
  onInput,
  onSendFailed,
  onTimer,
  startIdle,
  type IdleState,
} from './idle-tracker.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-23T01:00:00Z');

describe('idle tracker (automatic away)', () => {
  it('sets an online agent away after the threshold without input, not a moment before', () => {
    const state = startIdle(T0);
    expect(onTimer(state, T0 + 5 * MINUTE - 1, 'online', 5).send).toBeUndefined();
    const step = onTimer(state, T0 + 5 * MINUTE, 'online', 5);
    expect(step.send).toBe('away');
    expect(step.state.autoAway).toBe(true);
  });

  it('counts from the last input', () => {
    let state = startIdle(T0);
    state = onInput(state, T0 + 4 * MINUTE, 'online').state;
    expect(onTimer(state, T0 + 5 * MINUTE, 'online', 5).send).toBeUndefined();
    expect(msUntilIdle(state, T0 + 5 * MINUTE, 5)).toBe(4 * MINUTE);
    expect(onTimer(state, T0 + 9 * MINUTE, 'online', 5).send).toBe('away');
  });

  it('comes back online on the next input after an automatic away, once', () => {
    const away = onTimer(startIdle(T0), T0 + 10 * MINUTE, 'online', 10).state;
    const back = onInput(away, T0 + 11 * MINUTE, 'away');
    expect(back.send).toBe('online');
    expect(back.state).toEqual({ lastInputAt: T0 + 11 * MINUTE, autoAway: false });
    expect(onInput(back.state, T0 + 11 * MINUTE + 10, 'online').send).toBeUndefined();
  });

  it('sends online also when the input comes before the away was acknowledged', () => {
    const away = onTimer(startIdle(T0), T0 + 10 * MINUTE, 'online', 10).state;
    expect(onInput(away, T0 + 10 * MINUTE + 5, 'online').send).toBe('online');
  });

  it('leaves an agent who chose away alone: no online on input, no second away', () => {
    let state: IdleState = onChosen(startIdle(T0), T0 + MINUTE);
    expect(onTimer(state, T0 + 60 * MINUTE, 'away', 5).send).toBeUndefined();
    const input = onInput(state, T0 + 61 * MINUTE, 'away');
    expect(input.send).toBeUndefined();
    state = input.state;
    expect(state.autoAway).toBe(false);
  });

  it('an automatic away the agent then confirms by choosing away stays away', () => {
    const auto = onTimer(startIdle(T0), T0 + 5 * MINUTE, 'online', 5).state;
    const chosen = onChosen(auto, T0 + 6 * MINUTE);
    expect(onInput(chosen, T0 + 7 * MINUTE, 'away').send).toBeUndefined();
  });

  it('never acts when the threshold is 0, or for an offline agent', () => {
    const state = startIdle(T0);
    expect(onTimer(state, T0 + 1_000 * MINUTE, 'online', 0).send).toBeUndefined();
    expect(msUntilIdle(state, T0, 0)).toBeNull();
    expect(onTimer(state, T0 + 1_000 * MINUTE, 'offline', 5).send).toBeUndefined();
    const auto = onTimer(state, T0 + 5 * MINUTE, 'online', 5).state;
    expect(onInput(auto, T0 + 6 * MINUTE, 'offline').send).toBeUndefined();
  });

  it('forgets an automatic away whose status.set failed', () => {
    const auto = onTimer(startIdle(T0), T0 + 5 * MINUTE, 'online', 5).state;
    expect(onSendFailed(auto).autoAway).toBe(false);
    expect(msUntilIdle(onSendFailed(auto), T0 + 6 * MINUTE, 5)).toBe(0);
  });
});
