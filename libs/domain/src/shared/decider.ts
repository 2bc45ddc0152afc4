/**
 * A decider (Emmett's shape): pure functions, no clock, no I/O.
 * `decide` returns the events a command produces, or throws a DomainError.
 * Facts from outside the stream (today's date, the agreement a case belongs to) come in
 * through the context, never from `new Date()` or a store.
 */
export interface Decider<Command, Event, State, Context> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State, context: Context) => Event[];
}
