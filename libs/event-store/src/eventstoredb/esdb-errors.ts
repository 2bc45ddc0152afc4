import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  ErrorType,
  isCommandError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { toError } from '../append/to-error';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import type { ExpectedRevision } from '../event-store.port';
import { toEsdbExpectedRevision, toPortCurrentRevision } from './esdb-revisions';

/** EventStoreDB cannot commit to several streams at once, so the port's appendToStreams refuses. */
export class MultiStreamAppendNotSupportedError extends Error {
  readonly code = 'EVENT_STORE.MULTI_STREAM_APPEND_NOT_SUPPORTED';
  constructor() {
    super(
      'EventStoreDB cannot append to several streams in one atomic transaction ' +
        '(supportsMultiStreamAppend is false): all-or-nothing work across streams must run ' +
        'on the SQLite store, or be split into single-stream appends',
    );
    this.name = 'MultiStreamAppendNotSupportedError';
  }
}

/**
 * Client errors that mean "the server could not be reached or could not answer in time":
 * nothing was decided, and the same call may be tried again. The client gives these for
 * refused connections and dropped channels (UNAVAILABLE), deadlines, server-side timeouts
 * (ABORTED), cancellations it did not ask for, and a node that is not (or no longer) the
 * leader.
 */
const TRANSIENT_TYPES: ReadonlySet<ErrorType> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);

/**
 * Errors that are not the client's command errors but still mean the server cannot be
 * reached: cluster discovery giving up, and raw gRPC/socket errors that slip through.
 */
const TRANSPORT_MESSAGE =
  /failed to discover|no connection established|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT|UNAVAILABLE|deadline exceeded/i;

/** True when the error means the store is unreachable for now, so a retry may succeed. */
export function isTransientFault(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  const caught = toError(error);
  if (isCommandError(caught)) return TRANSIENT_TYPES.has(caught.type);
  return TRANSPORT_MESSAGE.test(caught.message);
}

export interface AppendContext {
  streamId: string;
  expectedRevision: ExpectedRevision;
  /** The ids of the events being appended, in order (absent for the adapter's own records). */
  eventIds?: readonly string[];
}

/**
 * The client's error as the port's:
 * - WrongExpectedVersionError → WrongExpectedRevisionError with the stream's actual revision
 *   (null when the stream does not exist), under the port's stream id and expected revision;
 *   except where the expected revision cannot have failed ('any', or 'stream-exists' on a
 *   stream that exists): there it is the server's idempotency check refusing an append whose
 *   first event id is already stored in the stream, followed by other ids (see
 *   isStoredIdRefusal), which is the port's DuplicateEventIdError;
 * - unreachable, timed out, not leader, access denied → EventStoreUnavailableError, with the
 *   client's error as its cause (access denied is a deployment fault the caller cannot fix,
 *   but to the caller it is the same: the store cannot be used right now);
 * - an append over the server's size limit → RangeError (the caller sent too much);
 * - anything else is passed on unchanged.
 */
export function toPortError(error: unknown, append?: AppendContext): Error {
  const caught = toError(error);
  if (caught instanceof WrongExpectedVersionError && append !== undefined) {
    const actualRevision = toPortCurrentRevision(caught.actualVersion);
    const firstEventId = append.eventIds?.[0];
    if (firstEventId !== undefined && isStoredIdRefusal(append.expectedRevision, actualRevision)) {
      return new DuplicateEventIdError(firstEventId);
    }
    return new WrongExpectedRevisionError(append.streamId, append.expectedRevision, actualRevision);
  }
  if (caught instanceof MaxAppendSizeExceededError) {
    return new RangeError(
      `The append is larger than EventStoreDB's maximum append size (${caught.maxAppendSize} bytes)`,
    );
  }
  if (caught instanceof AccessDeniedError) {
    return new EventStoreUnavailableError(
      `EventStoreDB refused access: the connection's user needs read and write on the ledger's ` +
        `streams and read on $all (${caught.message})`,
      { cause: caught },
    );
  }
  if (isTransientFault(caught) && !(caught instanceof EventStoreUnavailableError)) {
    return new EventStoreUnavailableError(`EventStoreDB unavailable: ${describe(caught)}`, {
      cause: caught,
    });
  }
  return caught;
}

/**
 * True when a WrongExpectedVersion answer cannot be about the revision. EventStoreDB checks an
 * append with 'any' or 'stream-exists' against the event ids it remembers for the stream: when
 * the first id is stored there and the ids after it are not, it refuses the append
 * (CommitDecision.CorruptedIdempotency) and answers WrongExpectedVersion with the stream's
 * current revision. With 'any', or 'stream-exists' on a stream that exists, that refusal is the
 * only way to get that answer: the append wrote nothing, because an event id it carries is
 * already stored. (When all the ids are stored, in order, the server answers the append as a
 * retry instead, with the original revisions.)
 */
function isStoredIdRefusal(expected: ExpectedRevision, actualRevision: number | null): boolean {
  return expected === 'any' || (expected === 'stream-exists' && actualRevision !== null);
}

/**
 * The port's error for an append the client answered with `success: false` (a client made with
 * `throwOnAppendFailure: false`), given the stream's revision as read back from the server.
 * The client's own `nextExpectedRevision` in that answer cannot be used: on batch appends
 * (every server from 21.10) client 6.2.1 sets it to `BigInt(hasCurrentStreamRevision())`, 1n
 * for any stream that exists. The answer is then mapped exactly like the thrown error.
 */
export function failedAppendError(
  append: AppendContext,
  esdbStreamName: string,
  currentRevision: number | null,
): Error {
  return toPortError(
    new WrongExpectedVersionError(undefined, {
      streamName: esdbStreamName,
      expected: toEsdbExpectedRevision(append.expectedRevision),
      current: currentRevision === null ? NO_STREAM : BigInt(currentRevision),
    }),
    append,
  );
}

function describe(error: Error): string {
  if (error instanceof UnavailableError) return error.message || 'the server cannot be reached';
  if (error instanceof DeadlineExceededError) return error.message || 'the deadline passed';
  if (error instanceof TimeoutError) return error.message || 'the server timed out';
  if (error instanceof NotLeaderError) return `not the leader (${error.message})`;
  if (error instanceof CancelledError) return error.message || 'the call was cancelled';
  return error.message;
}
