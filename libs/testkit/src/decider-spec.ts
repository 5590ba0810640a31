import { expect } from '@jest/globals';

/**
 * given(events).when(command).then(events) for pure deciders, after emmett's
 * DeciderSpecification. Versions are assigned 1, 2, 3 ... to the given events.
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
              expect(run()).toEqual(expected);
            },
            thenNothing() {
              expect(run()).toEqual([]);
            },
            thenThrows(shape: { name?: string; code: string }) {
              expect(run).toThrow(expect.objectContaining(shape));
            },
          };
        },
      };
    },
  };
}
