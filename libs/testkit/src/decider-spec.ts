import assert from 'node:assert/strict';

/**
 * given(events).when(command).then(events) for pure deciders, after emmett's
 * DeciderSpecification. Versions are assigned 1, 2, 3 ... to the given events.
 *
 * Uses node:assert rather than jest's expect, so importing the test kit outside a jest run
 * (the load-test orchestrator does) never loads jest.
 */
export function deciderSpec<Command, Event extends { type: string }, State>(decider: {
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event & { readonly version: number }) => State;
  readonly initialState: State;
}) {
  return {
    given(events: readonly Event[]) {
      const state = events.reduce(
        (current, event, index) => decider.evolve(current, { ...event, version: index + 1 }),
        decider.initialState,
      );
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly Event[]) {
              assert.deepStrictEqual(run(), expected);
            },
            thenNothing() {
              assert.deepStrictEqual(run(), []);
            },
            thenThrows(shape: { name?: string; code: string }) {
              assert.throws(run, (error: unknown) => {
                assert.ok(typeof error === 'object' && error !== null, 'a thrown object');
                for (const [key, value] of Object.entries(shape)) {
                  assert.equal((error as Record<string, unknown>)[key], value, `error.${key}`);
                }
                return true;
              });
            },
          };
        },
      };
    },
  };
}
