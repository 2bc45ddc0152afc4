import { appendResultOf } from '../append/append-result';
import { assertExpectedRevision } from '../append/expected-revision';
import { assertSameRequest, requestHashOf } from '../append/idempotency';
import { chainedRecordedEvent, type PreparedAppend } from '../append/prepared-append';
import { DuplicateEventIdError } from '../event-store.errors';
import type { AppendResult, RecordedEvent } from '../event-store.port';
import { isDuplicateEventId } from './sqlite-errors';
import {
  fromEventRow,
  type IdempotencyRow,
  type SqliteStatements,
  type StreamHeadRow,
} from './sqlite-statements';

/**
 * Writes one stream's append. Must run inside the write transaction: the revision check, the
 * position (MAX + 1) and the inserts then all see the same state, and no other writer can
 * slip in between, so positions stay gap-free and revisions contiguous.
 */
export function appendInTransaction(
  statements: SqliteStatements,
  batch: PreparedAppend,
  recordedAt: string,
): AppendResult {
  const checked = checkAppend(statements, batch);
  return checked.replay ?? writeAppend(statements, batch, checked.streamHead, recordedAt);
}

/** What the checks found: an earlier append to replay, or the stream head to append after. */
export type CheckedAppend =
  | { replay: AppendResult; streamHead?: undefined }
  | { replay?: undefined; streamHead: StreamHeadRow | undefined };

/**
 * The checks of an append, which only read: an idempotency key already held (replayed, or
 * refused when the request differs) and the expected revision. A refusal here has written
 * nothing, so it fails this append alone without undoing anything.
 */
export function checkAppend(statements: SqliteStatements, batch: PreparedAppend): CheckedAppend {
  const key = batch.options.idempotencyKey;
  const stored = key === undefined ? undefined : statements.findKey.get(key);
  if (key !== undefined && stored !== undefined) {
    assertSameRequest(key, stored.request_hash, batch.options);
    return { replay: replayAppend(statements, stored) };
  }
  const streamHead = statements.streamHead.get(batch.streamId);
  assertExpectedRevision(
    batch.streamId,
    batch.options.expectedRevision,
    streamHead?.revision ?? null,
  );
  return { streamHead };
}

/** The writes of an append that passed its checks: its events, then its idempotency key. */
export function writeAppend(
  statements: SqliteStatements,
  batch: PreparedAppend,
  streamHead: StreamHeadRow | undefined,
  recordedAt: string,
): AppendResult {
  const key = batch.options.idempotencyKey;
  const result = appendResultOf(
    batch.streamId,
    insertEvents(statements, batch, streamHead, recordedAt),
  );
  if (key !== undefined) {
    const firstPosition = result.lastPosition - result.events.length + 1;
    statements.insertKey.run(
      key,
      requestHashOf(batch.options),
      batch.streamId,
      firstPosition,
      result.lastPosition,
    );
  }
  return result;
}

/**
 * Inserts the events one after another, each chained to the one before: the first to the
 * stream's last stored hash (read in the same transaction as the revision check), the next to
 * the first, and so on. Appends to the same stream later in the same group read the hash this
 * one wrote, because they run in the same transaction after it.
 */
function insertEvents(
  statements: SqliteStatements,
  batch: PreparedAppend,
  streamHead: StreamHeadRow | undefined,
  recordedAt: string,
): RecordedEvent[] {
  const head = statements.head.get() ?? 0;
  let previousHash = streamHead?.hash ?? null;
  return batch.events.map((event, index) => {
    const placement = {
      streamId: batch.streamId,
      revision: (streamHead?.revision ?? -1) + 1 + index,
      position: head + 1 + index,
      recordedAt,
    };
    const recorded = chainedRecordedEvent(event, placement, previousHash);
    try {
      statements.insertEvent.run({
        position: placement.position,
        event_id: event.eventId,
        stream_id: placement.streamId,
        revision: placement.revision,
        type: event.type,
        data: event.dataJson,
        metadata: event.metadataJson,
        recorded_at: recordedAt,
        hash: recorded.metadata.hashChain.hash,
        previous_hash: previousHash,
      });
    } catch (error) {
      if (isDuplicateEventId(error)) throw new DuplicateEventIdError(event.eventId);
      throw error;
    }
    previousHash = recorded.metadata.hashChain.hash;
    return recorded;
  });
}

/** An append's events sit at contiguous positions, so the key's range finds them all. */
export function replayAppend(statements: SqliteStatements, stored: IdempotencyRow): AppendResult {
  const rows = statements.readRange.all(stored.first_position, stored.last_position);
  return appendResultOf(stored.stream_id, rows.map(fromEventRow));
}
