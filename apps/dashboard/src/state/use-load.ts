import { useCallback, useEffect, useState, type DependencyList } from 'react';

/**
 * A REST read as a page shows it: neither field while the first read runs; then the data of
 * the last read that worked, and the message of the last one if it failed.
 */
export interface Loaded<T> {
  readonly data?: T | undefined;
  readonly error?: string | undefined;
}

/** What `useLoad` hands a view: the state, a re-read, and a local replacement (after a save). */
export interface LoadHandle<T> extends Loaded<T> {
  /** Reads again; the data on screen stays until the fresh answer replaces it. */
  reload(): void;
  /** Replaces the data without a read (the server's answer to a save). */
  set(data: T): void;
}

/** A failure as one line for the page. */
export const errorText = (failure: unknown): string =>
  failure instanceof Error ? failure.message : String(failure);

/**
 * Loads when the view opens, when `deps` change and on `reload()`: the one loading / error /
 * reload block the REST pages share. An answer that arrives after the view left, or after a
 * newer read started, is dropped. `describe` turns a failure into the page's message.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  describe: (failure: unknown) => string = errorText,
): LoadHandle<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({});
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setLoaded({ data }),
      (failure: unknown) =>
        current && setLoaded((held) => ({ data: held.data, error: describe(failure) })),
    );
    return () => {
      current = false;
    };
    // The caller names what the read depends on; `load` is a fresh closure every render.
  }, [...deps, round]);

  const reload = useCallback(() => setRound((count) => count + 1), []);
  const set = useCallback((data: T) => setLoaded({ data }), []);
  return { ...loaded, reload, set };
}
