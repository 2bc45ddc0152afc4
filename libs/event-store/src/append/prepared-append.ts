import type {
  AppendOptions,
  EventMetadata,
  HashChainLink,
  JsonObject,
  RecordedEvent,
  StreamAppend,
} from '../event-store.port';
import { hashChainLink } from '../integrity/canonical-event';

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
 * The hash chain is the store's to set: an event that brings its own `metadata.hashChain`
 * is refused (RangeError) rather than silently overwritten, because a caller that sends one
 * believes something about the chain that is not true (that it can copy or choose links).
 */
export function prepareAppend(append: StreamAppend): PreparedAppend {
  if (append.events.length === 0) {
    throw new RangeError(`Append to ${append.streamId} needs at least one event`);
  }
  for (const event of append.events) {
    if (event.metadata.hashChain !== undefined) {
      throw new RangeError(
        `Event ${event.eventId}: metadata.hashChain is set by the event store, never by the appender`,
      );
    }
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

/**
 * The recorded event with its hash-chain link, built from the stored JSON text so that the
 * hash is taken of exactly what a read returns. Runs inside the adapter's write transaction,
 * where `previousHash` (the stream's last hash) cannot change underneath it.
 */
export function chainedRecordedEvent(
  event: SerializedEvent,
  placement: EventPlacement,
  previousHash: string | null,
): ChainedRecordedEvent {
  const recorded = toRecordedEvent(event, placement);
  // The event was just parsed from the stored text, so nobody else holds it: set the link in place.
  recorded.metadata.hashChain = hashChainLink(recorded, previousHash);
  return recorded as ChainedRecordedEvent;
}

/** A recorded event whose hash-chain link is known to be there. */
export type ChainedRecordedEvent = RecordedEvent & {
  metadata: EventMetadata & { hashChain: HashChainLink };
};

/** Builds the recorded event from the stored JSON text, so it equals what a read returns. */
function toRecordedEvent(event: SerializedEvent, placement: EventPlacement): RecordedEvent {
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
