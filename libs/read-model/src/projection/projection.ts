import type { RecordedEvent } from '@ledger/event-store';

/**
 * A projection is a pure fold over the global log: `initial()` gives the state before any
 * event and `apply` folds one recorded event into it. The same fold runs inline after an
 * append, in a projector behind a subscription, or replayed up to a knowledge-time position.
 *
 * `apply` is declared as a method so that projections of different states can be combined
 * (method parameters are compared bivariantly).
 */
export interface Projection<S> {
  initial(): S;
  apply(state: S, event: RecordedEvent): S;
}

export type StateOf<P> = P extends Projection<infer S> ? S : never;

/** Folds events in order, from `from` (the projection's initial state by default). */
export function foldEvents<S>(
  projection: Projection<S>,
  events: Iterable<RecordedEvent>,
  from: S = projection.initial(),
): S {
  let state = from;
  for (const event of events) state = projection.apply(state, event);
  return state;
}

export type CombinedState<Parts extends Record<string, Projection<unknown>>> = {
  readonly [Name in keyof Parts]: StateOf<Parts[Name]>;
};

/**
 * Runs several projections side by side as one: the state holds each part's state under its
 * name. Report queries take only the parts they read (`{ ledger, cases }`), so they accept
 * both a small combined projection and the whole read model.
 */
export function combineProjections<Parts extends Record<string, Projection<unknown>>>(
  parts: Parts,
): Projection<CombinedState<Parts>> {
  const names = Object.keys(parts) as (keyof Parts & string)[];
  return {
    initial() {
      const state: Record<string, unknown> = {};
      for (const name of names) state[name] = parts[name].initial();
      return state as CombinedState<Parts>;
    },
    apply(state, event) {
      const next: Record<string, unknown> = {};
      for (const name of names) next[name] = parts[name].apply(state[name], event);
      return next as CombinedState<Parts>;
    },
  };
}
