import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from './projection';

/**
 * Why an append-only store under a watermark, rather than copying state on every event:
 *
 * A rebuild must fold well over 150,000 events a second, so `apply` cannot copy maps of every
 * agreement and case. Yet an earlier state must stay exactly what it was, because reviewers
 * replay the ledger to a knowledge-time position and a projector may keep snapshots. So every
 * structure in a store only ever grows, each entry tagged with the log position that made it,
 * and a state is `{ store, position }`: it sees the entries at or before its position and
 * nothing later. Folding on from the newest state appends in place (O(1) amortised); an older
 * state keeps answering as it did, and any state answers "as known at" an earlier position
 * through the `knownAt` of every query without refolding.
 *
 * Folding on from an older state (a fork) copies the store up to that state's position first,
 * so the newer states sharing the original store are never disturbed.
 */
export abstract class AppendOnlyStore<Self extends AppendOnlyStore<Self>> {
  /**
   * Position of the last event recorded into this store, shared by all its states. It is −1
   * while an event is being recorded, so that a recording cut short by an exception makes the
   * next `apply` fork from its caller's state and drop the half-written entries.
   */
  head = 0;

  /** Records one event, tagging every entry it adds with `event.position`. */
  abstract record(event: RecordedEvent): void;

  /** A new store holding only the entries recorded at or before `position`. */
  abstract copyUpTo(position: number): Self;
}

/** A state of a store-backed projection: the store as it stood at `position`. */
export interface Snapshot<Store> {
  readonly store: Store;
  /** Position of the last event folded into this state (0 before any). */
  readonly position: number;
}

/**
 * The projection over an append-only store. Events at or below the state's position are
 * ignored, so a redelivered event (at-least-once subscriptions) changes nothing.
 */
export function storeProjection<Store extends AppendOnlyStore<Store>>(
  createStore: () => Store,
): Projection<Snapshot<Store>> {
  return {
    initial: () => ({ store: createStore(), position: 0 }),
    apply(state, event) {
      if (event.position <= state.position) return state;
      let store = state.store;
      if (store.head !== state.position) {
        store = store.copyUpTo(state.position);
        store.head = state.position;
      }
      store.head = -1;
      store.record(event);
      store.head = event.position;
      return { store, position: event.position };
    },
  };
}

/** The log position a query reads up to: the state's own, or an earlier `knownAt`. */
export function readPosition(snapshot: Snapshot<unknown>, knownAt?: number): number {
  if (knownAt === undefined) return snapshot.position;
  if (!Number.isInteger(knownAt) || knownAt < 0) {
    throw new RangeError(`knownAt must be a log position (an integer ≥ 0), got ${knownAt}`);
  }
  return Math.min(knownAt, snapshot.position);
}

/**
 * The position a report drawing on several folds can answer for: the furthest point every
 * one of them has reached, and no later than `knownAt`.
 */
export function jointPosition(snapshots: Snapshot<unknown>[], knownAt?: number): number {
  return Math.min(...snapshots.map((snapshot) => readPosition(snapshot, knownAt)));
}
