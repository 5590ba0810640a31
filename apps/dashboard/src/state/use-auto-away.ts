import { useEffect, useRef, useState } from 'react';
import { getDuty } from '../api/duty.js';
import type { DashboardApi } from './use-dashboard.js';
import {
  msUntilIdle,
  onChosen,
  onInput,
  onSendFailed,
  onTimer,
  startIdle,
  type IdleStep,
} from './idle-tracker.js';

/** Automatic away for the signed-in agent (the rules are in idle-tracker.ts). */
export interface AutoAway {
  /** The site's `autoAwayMinutes` (0: off). */
  readonly minutes: number;
  /** true while the agent is away because this dashboard set it. */
  readonly automatic: boolean;
  /** The agent picked a status by hand (the header's select). */
  choose(status: 'online' | 'away' | 'offline'): Promise<void>;
  /** The duty page saved new settings. */
  setMinutes(minutes: number): void;
}

/** What counts as the agent being at the keyboard. */
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Watches the agent's own input in this tab and sets them `away` after the site's
 * `autoAwayMinutes` without any, `online` on the next input when the away was automatic.
 * One timer per idle period (re-armed when it fires early), never a poll; time is
 * `Date.now()`, so a browser test can move it with Playwright's clock.
 */
export function useAutoAway(api: DashboardApi): AutoAway {
  const [minutes, setMinutes] = useState(0);
  const [automatic, setAutomatic] = useState(false);
  const tracker = useRef(startIdle(Date.now()));
  const latest = useRef(api);
  latest.current = api;
  const { connection, status } = api.state;
  const loaded = useRef(false);
  /** The status the agent last chose by hand (null: never), so a timer never overrides it. */
  const chosen = useRef<'online' | 'away' | 'offline' | null>(null);

  function apply(step: IdleStep) {
    tracker.current = step.state;
    setAutomatic(step.state.autoAway);
    if (!step.send) return;
    latest.current.setStatus(step.send).catch(() => {
      tracker.current = onSendFailed(tracker.current);
      setAutomatic(tracker.current.autoAway);
    });
  }

  // The threshold comes from the duty settings, read once the line is up.
  useEffect(() => {
    if (connection !== 'online' || loaded.current) return;
    loaded.current = true;
    getDuty(() => latest.current.token())
      .then((duty) => setMinutes(duty.autoAwayMinutes ?? 0))
      .catch(() => {
        // A gateway without duty settings: no automatic away.
      });
  }, [connection]);

  useEffect(() => {
    const input = () => apply(onInput(tracker.current, Date.now(), latest.current.state.status));
    const shown = () => {
      if (document.visibilityState === 'visible') input();
    };
    for (const type of INPUT_EVENTS)
      window.addEventListener(type, input, { capture: true, passive: true });
    window.addEventListener('focus', input);
    document.addEventListener('visibilitychange', shown);
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, input, { capture: true });
      window.removeEventListener('focus', input);
      document.removeEventListener('visibilitychange', shown);
    };
  }, []);

  useEffect(() => {
    if (connection !== 'online' || status !== 'online' || automatic) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      const wait = msUntilIdle(tracker.current, Date.now(), minutes);
      if (wait !== null) timer = setTimeout(fire, wait);
    };
    const fire = () => {
      // A status the agent just chose may still be on its way to the server: it wins.
      if (chosen.current !== null && chosen.current !== 'online') return;
      const step = onTimer(tracker.current, Date.now(), latest.current.state.status, minutes);
      if (step.send) apply(step);
      else if (latest.current.state.status === 'online') arm();
    };
    arm();
    return () => clearTimeout(timer);
  }, [connection, status, automatic, minutes]);

  return {
    minutes,
    automatic: automatic && status === 'away',
    async choose(status) {
      chosen.current = status;
      tracker.current = onChosen(tracker.current, Date.now());
      setAutomatic(false);
      await api.setStatus(status);
    },
    setMinutes,
  };
}
