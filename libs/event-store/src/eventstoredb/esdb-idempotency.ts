import { createHash } from 'node:crypto';
import {
  jsonEvent,
  type EventData,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type { AppendResult } from '../event-store.port';

/**
 * Idempotency keys on EventStoreDB, which has no transaction spanning two streams.
 *
 * Each key owns one small stream, `$ledger-idempotency-<sha256 of [namespace, key]>`. The `$`
 * makes it a system stream: it never shows in the ledger's `$all` reads, and in a secure
 * cluster only users allowed to write system streams (by default `$admins`) can write it. The
 * key stream is a little state machine whose last event is the key's state:
 *
 *   (none) ──reserve──► Reserved ──append lands──► Recorded      (final)
 *                          │ └─append refused────► Released ──reserve──► Reserved …
 *                          └─stale (owner gone)──► Reserved (taken over by a retry)
 *
 * Every transition is an append with the key stream's exact expected revision, so exactly one
 * writer wins each step: of many racing identical requests, one reserves and appends, the
 * others wait for the outcome and replay it.
 *
 * A keyed append:
 * 1. reads the key's state. Recorded: the same request hash replays the recorded events (read
 *    back from their stream by revision); another hash is IdempotencyKeyConflictError.
 * 2. Reserved by the same request: looks for the reserved event ids in the target stream after
 *    the revision noted at reservation. Found: the append landed (its owner may have crashed
 *    before recording it), so it records the outcome and replays it. Not found: the owner is
 *    still appending, so it polls; once the same reservation has stood for `staleAfterMs`
 *    with nothing found, its owner is taken to be gone and the key is taken over.
 * 3. Otherwise reserves (with the event ids, the stream and the stream's current revision),
 *    appends, then records the outcome: Recorded after success, Released after a definite
 *    refusal (wrong expected revision, too large, duplicate id). After a fault whose outcome is
 *    unknown it records nothing; the next attempt with the key settles it as in step 2.
 *
 * Guarantees, stated honestly:
 * - a retry after any definite outcome, or after a crash at any point, writes the events at
 *   most once and returns the original result;
 * - the one window: an owner that is not dead but stalled for longer than `staleAfterMs` with
 *   its append still in flight, overtaken by a retry that appends too. Both appends can then
 *   land if their expected revisions allow both (e.g. 'any'). `staleAfterMs` (default 30 s)
 *   is kept well above the client's append deadline (10 s) to make that need a stall longer
 *   than the deadline itself. SQLite has no such window: its key and events share a transaction.
 * - findAppendByIdempotencyKey answers from the key's state, and for a reservation whose events
 *   are already in the stream it answers with them; it never writes.
 */
export const KEY_RESERVED = 'LedgerIdempotencyKeyReserved';
export const KEY_RECORDED = 'LedgerIdempotentAppendRecorded';
export const KEY_RELEASED = 'LedgerIdempotencyKeyReleased';

export interface KeyReserved {
  kind: 'reserved';
  idempotencyKey: string;
  requestHash: string;
  streamId: string;
  eventIds: string[];
  /** The stream's revision just before reserving: the append lands after it (null: no stream). */
  streamRevisionBefore: number | null;
}

export interface KeyRecorded {
  kind: 'recorded';
  idempotencyKey: string;
  requestHash: string;
  streamId: string;
  fromRevision: number;
  toRevision: number;
}

export interface KeyReleased {
  kind: 'released';
  idempotencyKey: string;
  requestHash: string;
  reason: string;
}

export type KeyRecord = KeyReserved | KeyRecorded | KeyReleased;

/** A key's state: its last record and that record's revision in the key stream. */
export interface KeyState {
  record: KeyRecord;
  revision: number;
}

export function idempotencyStreamName(namespace: string, idempotencyKey: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([namespace, idempotencyKey]), 'utf8')
    .digest('hex');
  return `$ledger-idempotency-${digest}`;
}

const TYPE_OF: Record<KeyRecord['kind'], string> = {
  reserved: KEY_RESERVED,
  recorded: KEY_RECORDED,
  released: KEY_RELEASED,
};

export function keyRecordEvent(record: KeyRecord): EventData {
  const { kind, ...data } = record;
  return jsonEvent({ type: TYPE_OF[kind], data });
}

export function decodeKeyRecord(event: EsdbRecordedEvent): KeyRecord {
  const data = (event.isJson ? event.data : null) as Record<string, unknown> | null;
  const base = {
    idempotencyKey: String(data?.['idempotencyKey']),
    requestHash: String(data?.['requestHash']),
  };
  switch (event.type) {
    case KEY_RESERVED:
      return {
        kind: 'reserved',
        ...base,
        streamId: String(data?.['streamId']),
        eventIds: (data?.['eventIds'] as string[] | undefined) ?? [],
        streamRevisionBefore: (data?.['streamRevisionBefore'] as number | null | undefined) ?? null,
      };
    case KEY_RECORDED:
      return {
        kind: 'recorded',
        ...base,
        streamId: String(data?.['streamId']),
        fromRevision: Number(data?.['fromRevision']),
        toRevision: Number(data?.['toRevision']),
      };
    case KEY_RELEASED:
      return { kind: 'released', ...base, reason: String(data?.['reason']) };
    default:
      throw new TypeError(`Unknown idempotency record ${event.type} in ${event.streamId}`);
  }
}

/** The final record of a reservation whose append landed with this result. */
export function recordedOf(reservation: KeyReserved, result: AppendResult): KeyRecorded {
  const first = result.events[0];
  return {
    kind: 'recorded',
    idempotencyKey: reservation.idempotencyKey,
    requestHash: reservation.requestHash,
    streamId: reservation.streamId,
    fromRevision: first === undefined ? result.nextExpectedRevision : first.revision,
    toRevision: result.nextExpectedRevision,
  };
}

/**
 * Where a reservation's events sit in the stream's events read after `streamRevisionBefore`:
 * the index of the first reserved id, when all the ids follow it in order; null when absent.
 */
export function findReservedEvents(
  reservation: KeyReserved,
  eventIdsAfter: readonly string[],
): number | null {
  const [first] = reservation.eventIds;
  if (first === undefined) return null;
  const start = eventIdsAfter.indexOf(first);
  if (start < 0) return null;
  const landed = eventIdsAfter.slice(start, start + reservation.eventIds.length);
  return landed.length === reservation.eventIds.length &&
    landed.every((id, index) => id === reservation.eventIds[index])
    ? start
    : null;
}
