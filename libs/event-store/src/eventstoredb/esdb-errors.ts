import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  ErrorType,
  isCommandError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { toError } from '../append/to-error';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import type { ExpectedRevision } from '../event-store.port';
import { toPortCurrentRevision } from './esdb-revisions';

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
}

/**
 * The client's error as the port's:
 * - WrongExpectedVersionError → WrongExpectedRevisionError with the stream's actual revision
 *   (null when the stream does not exist), under the port's stream id and expected revision;
 * - unreachable, timed out, not leader, access denied → EventStoreUnavailableError, with the
 *   client's error as its cause (access denied is a deployment fault the caller cannot fix,
 *   but to the caller it is the same: the store cannot be used right now);
 * - an append over the server's size limit → RangeError (the caller sent too much);
 * - anything else is passed on unchanged.
 */
export function toPortError(error: unknown, append?: AppendContext): Error {
  const caught = toError(error);
  if (caught instanceof WrongExpectedVersionError && append !== undefined) {
    return new WrongExpectedRevisionError(
      append.streamId,
      append.expectedRevision,
      toPortCurrentRevision(caught.actualVersion),
    );
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

function describe(error: Error): string {
  if (error instanceof UnavailableError) return error.message || 'the server cannot be reached';
  if (error instanceof DeadlineExceededError) return error.message || 'the deadline passed';
  if (error instanceof TimeoutError) return error.message || 'the server timed out';
  if (error instanceof NotLeaderError) return `not the leader (${error.message})`;
  if (error instanceof CancelledError) return error.message || 'the call was cancelled';
  return error.message;
}
