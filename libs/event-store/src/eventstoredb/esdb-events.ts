import {
  jsonEvent,
  type EventData,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { copyJson } from '../append/prepared-append';
import type { EventMetadata, EventToAppend, JsonObject, RecordedEvent } from '../event-store.port';
import { isUnknownPosition, toPortPosition } from './esdb-positions';
import { toPortRevision } from './esdb-revisions';

/**
 * The JSON stored in an EventStoreDB event's metadata field. The port's metadata travels whole,
 * untouched, under `ledger` (actor, correlation and causation ids, schema version, idempotency
 * key, hash-chain link when there is one, and any extra members), so it reads back exactly as
 * it was written. Beside it, `$correlationId` and `$causationId` repeat the two ids under the
 * names EventStoreDB itself understands (its `$by_correlation_id` system projection and its UI
 * use them); they are derived, and dropped again on read.
 */
export type EsdbLedgerMetadata = {
  $correlationId: string;
  $causationId: string;
  ledger: EventMetadata;
};

export function encodeMetadata(metadata: EventMetadata): EsdbLedgerMetadata {
  return {
    $correlationId: metadata.correlationId,
    $causationId: metadata.causationId,
    ledger: copyJson(metadata),
  };
}

/** The port's metadata back from the stored JSON; anything the ledger did not write is refused. */
export function decodeMetadata(stored: unknown, eventId: string): EventMetadata {
  const ledger = isObject(stored) ? stored['ledger'] : undefined;
  if (!isObject(ledger) || !looksLikeLedgerMetadata(ledger)) {
    throw new TypeError(
      `Event ${eventId} has no ledger metadata: it was not written by the ledger's EventStoreDB adapter`,
    );
  }
  return ledger;
}

function looksLikeLedgerMetadata(value: JsonObject): value is EventMetadata {
  const actor = value['actor'];
  return (
    typeof value['schemaVersion'] === 'number' &&
    typeof value['correlationId'] === 'string' &&
    typeof value['causationId'] === 'string' &&
    isObject(actor) &&
    typeof actor['subject'] === 'string'
  );
}

/**
 * The event as the client writes it. The port's event id is the EventStoreDB event id, so a
 * retried append (same ids, same stream, same expected revision) is recognised by the server
 * as the same write and not stored twice.
 */
export function toEsdbEvent(event: EventToAppend): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: copyJson(event.data),
    metadata: encodeMetadata(event.metadata),
  });
}

/**
 * Refuses an event type EventStoreDB reserves for its own events (`$…`: `$metadata`,
 * `$streamDeleted`, `$>` links, …). The ledger leaves every `$` event out of its reads, so an
 * event of such a type would be written and then never be read again: not in readStream, not
 * in readAll, not in subscriptions.
 */
export function assertLedgerEventType(type: string): void {
  if (type.startsWith('$')) {
    throw new RangeError(
      `Event type ${JSON.stringify(type)} is not allowed: EventStoreDB reserves types starting ` +
        'with "$" for its own events, which the ledger never reads back',
    );
  }
}

/**
 * Where the ledger's streams live in EventStoreDB. Every port stream id becomes
 * `<namespace><streamId>`. The namespace is empty in production; tests give each store a
 * fresh one, so that one server can hold many independent, initially empty ledgers.
 */
export class LedgerStreamNames {
  constructor(readonly namespace: string) {
    if (namespace.startsWith('$')) {
      throw new RangeError(
        `A ledger namespace cannot start with "$" (system streams): ${namespace}`,
      );
    }
  }

  toEsdb(streamId: string): string {
    if (streamId === '' || streamId.startsWith('$')) {
      throw new RangeError(
        `Stream id ${JSON.stringify(streamId)} is not allowed: it must be non-empty and must not ` +
          'start with "$", which EventStoreDB reserves for system streams',
      );
    }
    return `${this.namespace}${streamId}`;
  }

  fromEsdb(esdbStreamName: string): string {
    return esdbStreamName.slice(this.namespace.length);
  }

  /**
   * True for an event the ledger reads back from `$all`: in the namespace, and not a system
   * event. System events are EventStoreDB's own: their type or stream starts with `$`
   * (`$metadata`, `$streamDeleted` tombstones, `$>` links, `$stats-…`, `$settings`, …, and the
   * adapter's own `$ledger-idempotency-…` streams).
   */
  isLedgerEvent(event: { streamId: string; type: string }): boolean {
    return (
      !event.type.startsWith('$') &&
      !event.streamId.startsWith('$') &&
      event.streamId.startsWith(this.namespace)
    );
  }
}

/**
 * The port's recorded event from the client's. Positions come from `$all` reads, and from
 * stream reads on servers from 22.6.0 on. Earlier servers send no real position on stream
 * reads: they send "unknown" (−1 as an unsigned 64-bit number, which client 6.2.1 hands over
 * as the position 18446744073709551615 rather than leaving it out); either way it is refused,
 * naming the server version the ledger needs.
 * `recordedAt` is the server's `created` time, which the client gives to the millisecond.
 */
export function toPortEvent(event: EsdbRecordedEvent, names: LedgerStreamNames): RecordedEvent {
  if (!event.isJson) {
    throw new TypeError(`Event ${event.id} in ${event.streamId} is not JSON: not a ledger event`);
  }
  if (event.position === undefined || isUnknownPosition(event.position)) {
    throw new TypeError(
      `Event ${event.id} came without its $all position: stream reads carry one from ` +
        'EventStoreDB 22.6.0 on (the ledger needs 22.6.0 or later), for events written by ' +
        'appends (never for explicit transactions)',
    );
  }
  if (!isObject(event.data)) {
    throw new TypeError(
      `Event ${event.id} in ${event.streamId} has data that is not a JSON object`,
    );
  }
  return {
    eventId: event.id,
    streamId: names.fromEsdb(event.streamId),
    revision: toPortRevision(event.revision),
    position: toPortPosition(event.position),
    type: event.type,
    data: event.data,
    metadata: decodeMetadata(event.metadata, event.id),
    recordedAt: event.created.toISOString(),
  };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
