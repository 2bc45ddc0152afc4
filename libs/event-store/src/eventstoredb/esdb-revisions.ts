import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AppendExpectedRevision,
  type CurrentRevision,
} from '@eventstore/db-client';
import type { ExpectedRevision } from '../event-store.port';

/**
 * The port's expected revision in the client's terms. Both count a stream's events from 0, so
 * a number maps to the same bigint; the three words map to the client's constants.
 */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new RangeError(
          `An expected revision must be a non-negative integer, got ${expected}`,
        );
      }
      return BigInt(expected);
  }
}

/** A stream revision from the client (bigint, 0-based) as the port's number. */
export function toPortRevision(revision: bigint): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`EventStoreDB revision ${revision} is not a safe, non-negative integer`);
  }
  return Number(revision);
}

/** The client's "current revision" of a stream: a revision, or "no_stream" (the port's null). */
export function toPortCurrentRevision(current: CurrentRevision): number | null {
  return current === NO_STREAM ? null : toPortRevision(current);
}
