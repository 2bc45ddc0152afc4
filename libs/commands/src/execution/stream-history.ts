import type { EventStore, RecordedEvent } from '@ledger/event-store';

/** What folding needs of a decider: where to start and how each event changes the state. */
export interface Fold<State, Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
}

/** A stream as read: its events, their fold, and the revision the fold is valid for. */
export interface StreamHistory<State> {
  streamId: string;
  state: State;
  /** Revision of the last event read; null when nothing has been recorded on the stream. */
  revision: number | null;
  events: RecordedEvent[];
}

/**
 * Reads a whole stream and folds it. Every event is at schema version 1 today; when a shape
 * changes, its upcaster runs here, between the store and `evolve`.
 */
export async function readHistory<State, Event extends { type: string }>(
  store: EventStore,
  streamId: string,
  fold: Fold<State, Event>,
): Promise<StreamHistory<State>> {
  const events = await store.readStream(streamId);
  const state = events.reduce(
    (current, recorded) => fold.evolve(current, asDomainEvent<Event>(recorded)),
    fold.initialState(),
  );
  const revision = events.length === 0 ? null : events[events.length - 1].revision;
  return { streamId, state, revision, events };
}

function asDomainEvent<Event>(recorded: RecordedEvent): Event {
  return { type: recorded.type, data: recorded.data } as Event;
}
