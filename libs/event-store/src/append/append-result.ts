import type { AppendResult, RecordedEvent } from '../event-store.port';

/** The result of an append is described by its last event; `events` holds them all, in order. */
export function appendResultOf(streamId: string, events: RecordedEvent[]): AppendResult {
  const last = events[events.length - 1];
  if (last === undefined) throw new RangeError(`Append to ${streamId} recorded no event`);
  return {
    streamId,
    nextExpectedRevision: last.revision,
    lastPosition: last.position,
    events,
  };
}
