import { upcastEvent } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { StreamReads } from './folded-stream-cache';

/** What folding needs of a decider: where to start and how each event changes the state. */
export interface Fold<State, Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
}

/** A stream's fold and the revision it is valid for: what a command decides on. */
export interface FoldedHistory<State> {
  streamId: string;
  state: State;
  /** Revision of the last event folded; null when nothing has been recorded on the stream. */
  revision: number | null;
}

/** A stream as read whole: its events, their fold, and the revision the fold is valid for. */
export interface StreamHistory<State> extends FoldedHistory<State> {
  events: RecordedEvent[];
}

/**
 * Reads a whole stream and folds it. Each event is upcast to the current shape of its type
 * (`upcastEvent`, docs/events.md) between the store and `evolve`.
 */
export async function readHistory<State, Event extends { type: string }>(
  store: EventStore,
  streamId: string,
  fold: Fold<State, Event>,
): Promise<StreamHistory<State>> {
  const events = await store.readStream(streamId);
  const state = foldOn(fold, fold.initialState(), events);
  const revision = events.length === 0 ? null : events[events.length - 1].revision;
  return { streamId, state, revision, events };
}

/**
 * The stream's fold at its current revision, for deciding a command. With a cache, only the
 * events after the cached revision are read and folded on (usually none), or, when the attempt
 * trusts the cache, nothing is read at all (see StreamReads); nor is a stream the command
 * creates, on that first attempt. What is read is remembered for the next command. The answer is `readHistory`'s, without the events.
 */
export async function readFolded<State, Event extends { type: string }>(
  store: EventStore,
  streamId: string,
  fold: Fold<State, Event>,
  reads?: StreamReads,
  /** The command creates the stream (the caller names a new id): expect it to be empty. */
  creates = false,
): Promise<FoldedHistory<State>> {
  const cached = reads?.cache.stream<State>(streamId);
  if (cached === undefined && creates && reads?.trustCache === true) {
    // Decided on the empty stream unread: the append expects no stream, so if the id was
    // taken after all, the append is refused and the command is decided again on a read.
    reads.decidedOnCache(streamId);
    return { streamId, state: fold.initialState(), revision: null };
  }
  if (cached === undefined) {
    const history = await readHistory(store, streamId, fold);
    if (history.revision !== null) {
      reads?.cache.rememberStream(streamId, { state: history.state, revision: history.revision });
    }
    return { streamId, state: history.state, revision: history.revision };
  }
  if (reads?.trustCache === true) {
    reads.decidedOnCache(streamId);
    return { streamId, state: cached.state, revision: cached.revision };
  }
  const newer = await store.readStream(streamId, { fromRevision: cached.revision + 1 });
  if (newer.length === 0) return { streamId, state: cached.state, revision: cached.revision };
  const state = foldOn(fold, cached.state, newer);
  const revision = newer[newer.length - 1].revision;
  reads?.cache.rememberStream(streamId, { state, revision });
  return { streamId, state, revision };
}

/** The state after `events`, which the store returned for the stream right after `from`. */
export function foldOn<State, Event>(
  fold: Fold<State, Event>,
  from: State,
  events: readonly RecordedEvent[],
): State {
  return events.reduce(
    (current, recorded) => fold.evolve(current, asDomainEvent<Event>(recorded)),
    from,
  );
}

function asDomainEvent<Event>(recorded: RecordedEvent): Event {
  return upcastEvent(recorded) as Event;
}
