import type { Decider } from '../../shared/decider';
import { DomainError } from '../../shared/domain-error';

/**
 * Business tests in given/when/then form (Emmett's shape):
 *   given(past events).when(command, context).then(new events)
 *   given(past events).when(command, context).thenThrows('CODE')
 * `then` also folds the new events into the state, so every decision a test accepts is one
 * `evolve` can replay. `thenThrows` returns the error for further checks (kind, fields).
 */
export function deciderSpec<Command, Event, State, Context>(
  decider: Decider<Command, Event, State, Context>,
) {
  const stateAfter = (events: Event[]): State =>
    events.reduce(decider.evolve, decider.initialState());

  return {
    stateAfter,
    given: (history: Event[]) => ({
      when: (command: Command, context: Context) => {
        const decide = () => decider.decide(command, stateAfter(history), context);
        return {
          then: (expected: Event[]): State => {
            const events = decide();
            expect(events).toEqual(expected);
            return stateAfter([...history, ...events]);
          },
          thenThrows: (code: string): DomainError => {
            let thrown: unknown;
            try {
              decide();
            } catch (error) {
              thrown = error;
            }
            expect(thrown).toBeInstanceOf(DomainError);
            expect((thrown as DomainError).code).toBe(code);
            return thrown as DomainError;
          },
        };
      },
    }),
  };
}
