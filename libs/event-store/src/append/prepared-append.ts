import type {
  AppendOptions,
  EventMetadata,
  JsonObject,
  RecordedEvent,
  StreamAppend,
} from '../event-store.port';

/** An event already turned into the JSON text that gets stored. */
export interface SerializedEvent {
  eventId: string;
  type: string;
  dataJson: string;
  metadataJson: string;
}

/** One stream's append, validated and serialized before it waits for a transaction. */
export interface PreparedAppend {
  streamId: string;
  events: SerializedEvent[];
  options: AppendOptions;
}

/**
 * Validates and serializes at call time, so a caller that mutates its objects afterwards
 * cannot change what gets written, and a value JSON cannot hold fails this append alone.
 */
export function prepareAppend(append: StreamAppend): PreparedAppend {
  if (append.events.length === 0) {
    throw new RangeError(`Append to ${append.streamId} needs at least one event`);
  }
  const events = append.events.map((event) => ({
    eventId: event.eventId,
    type: event.type,
    dataJson: JSON.stringify(event.data),
    metadataJson: JSON.stringify(event.metadata),
  }));
  return { streamId: append.streamId, events, options: { ...append.options } };
}

/** Where an event lands: its stream, revision, global position and server time. */
export interface EventPlacement {
  streamId: string;
  revision: number;
  position: number;
  recordedAt: string;
}

/** Builds the recorded event from the stored JSON text, so it equals what a read returns. */
export function toRecordedEvent(event: SerializedEvent, placement: EventPlacement): RecordedEvent {
  return {
    eventId: event.eventId,
    streamId: placement.streamId,
    revision: placement.revision,
    position: placement.position,
    type: event.type,
    data: JSON.parse(event.dataJson) as JsonObject,
    metadata: JSON.parse(event.metadataJson) as EventMetadata,
    recordedAt: placement.recordedAt,
  };
}

/**
 * A deep copy of a value that is known to be JSON (every stored event is). Used instead of
 * structuredClone, whose copies belong to another realm under Jest and fail strict equality.
 */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
