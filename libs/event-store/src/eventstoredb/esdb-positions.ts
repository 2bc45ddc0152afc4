import { START, type Position, type ReadPosition } from '@eventstore/db-client';

/**
 * How EventStoreDB's `$all` positions become the port's single `number` position.
 *
 * EventStoreDB orders `$all` by a pair of byte offsets into its transaction file:
 * `{ commit, prepare }`. Every event written through the gRPC API (that is, every event this
 * adapter writes: an append is an implicit transaction) is read back from `$all` with
 * `commit === prepare === the event's own log position`, so the commit position alone is unique
 * per event and strictly increasing in `$all` order. The port's `position` is therefore the
 * commit position, as a JavaScript number:
 *
 * - ordered and stable: a later event always has a larger position, and it never changes;
 * - NOT gap-free and NOT 1-based: positions are sparse byte offsets (e.g. 1 047, 1 311, ...).
 *   A reader must never compute "the next position" as `p + 1`; it reads "after `p`".
 *
 * (The server's code agrees: `$all` reads give an event committed by its own write the position
 * `(LogPosition, LogPosition)`, and so do stream reads from 22.6.0 on.)
 *
 * Three things would break the mapping, and all fail loudly rather than silently:
 * - an event with `commit !== prepare` (only legacy explicit transactions over the old TCP API
 *   produce those; the ledger never writes them) cannot be checkpointed by one number;
 * - a position above 2^53 - 1 (a transaction file larger than 8 PiB) cannot be a safe number;
 * - position 0: it is the port's checkpoint "before anything", so an event there would be
 *   skipped by every reader resuming from 0. No EventStoreDB event is at 0 (the log opens with
 *   the server's epoch record); a 0 can only be a position the server did not send.
 */
export function toPortPosition(position: Position): number {
  if (position.commit !== position.prepare) {
    throw new RangeError(
      `EventStoreDB position {commit: ${position.commit}, prepare: ${position.prepare}} belongs to ` +
        'an explicit transaction; the ledger maps positions only for events written by appends',
    );
  }
  if (position.commit < 0n || position.commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`EventStoreDB position ${position.commit} is not a safe integer`);
  }
  if (position.commit === 0n) {
    throw new RangeError(
      'EventStoreDB position 0 is no event\'s position (the port reads 0 as "before anything")',
    );
  }
  return Number(position.commit);
}

/**
 * The server's "no position known" (−1 sent as an unsigned 64-bit number): what stream reads
 * carry before EventStoreDB 22.6.0, and events of explicit transactions ever since.
 */
export const UNKNOWN_POSITION = 2n ** 64n - 1n;

export function isUnknownPosition(position: Position): boolean {
  return position.commit === UNKNOWN_POSITION && position.prepare === UNKNOWN_POSITION;
}

/** The EventStoreDB position of a port position (the inverse of toPortPosition). */
export function toEsdbPosition(position: number): Position {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new RangeError(`A position must be a non-negative safe integer, got ${position}`);
  }
  const offset = BigInt(position);
  return { commit: offset, prepare: offset };
}

/**
 * Where a forward read or a subscription starts for "events strictly after this checkpoint".
 * A checkpoint of 0 means "from the beginning". Otherwise the read starts AT the checkpoint's
 * own position: a forward `$all` read from a position includes the event at that position
 * (and a subscription may or may not, depending on the server version), so callers drop
 * every event whose position is not greater than the checkpoint (see isAfter).
 */
export function readPositionAfter(checkpoint: number): ReadPosition {
  return checkpoint === 0 ? START : toEsdbPosition(checkpoint);
}

/** Total order of `$all` positions: by commit, then by prepare. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
