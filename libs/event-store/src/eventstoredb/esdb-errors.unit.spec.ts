/**
 * Proves the mapping of the client's errors and expected revisions to the port's, using the
 * client's own error classes (constructed as the client constructs them) and its constants.
 */
import {
  AccessDeniedError,
  ANY,
  convertToCommandError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotFoundError,
  STREAM_EXISTS,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import {
  failedAppendError,
  isTransientFault,
  MultiStreamAppendNotSupportedError,
  toPortError,
} from './esdb-errors';
import { toEsdbExpectedRevision, toPortCurrentRevision, toPortRevision } from './esdb-revisions';

/** A gRPC service error as @grpc/grpc-js hands it to the client (status 14 = UNAVAILABLE). */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details });
}

describe('expected revision mapping', () => {
  it.each([
    ['any', ANY],
    ['no-stream', NO_STREAM],
    ['stream-exists', STREAM_EXISTS],
    [0, 0n],
    [41, 41n],
  ] as const)('maps %p to the client value %p', (port, client) => {
    expect(toEsdbExpectedRevision(port)).toBe(client);
  });

  it('refuses a revision that is not a non-negative integer', () => {
    expect(() => toEsdbExpectedRevision(-1)).toThrow(RangeError);
    expect(() => toEsdbExpectedRevision(1.5)).toThrow(RangeError);
  });

  it('maps revisions and "no_stream" back to the port', () => {
    expect(toPortRevision(7n)).toBe(7);
    expect(toPortCurrentRevision(NO_STREAM)).toBeNull();
    expect(toPortCurrentRevision(2n)).toBe(2);
    expect(() => toPortRevision(-1n)).toThrow(RangeError);
  });
});

describe('error mapping', () => {
  const append = { streamId: 'agreement-1', expectedRevision: 0 as const };

  it('turns WrongExpectedVersionError into WrongExpectedRevisionError with the actual revision', () => {
    const clientError = new WrongExpectedVersionError(undefined, {
      streamName: 'ns-agreement-1',
      expected: 0n,
      current: 2n,
    });
    const mapped = toPortError(clientError, append);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({
      streamId: 'agreement-1',
      expectedRevision: 0,
      actualRevision: 2,
    });
  });

  it('gives a null actual revision when the stream does not exist', () => {
    const clientError = new WrongExpectedVersionError(undefined, {
      streamName: 'agreement-1',
      expected: STREAM_EXISTS,
      current: NO_STREAM,
    });
    const mapped = toPortError(clientError, {
      streamId: 'agreement-1',
      expectedRevision: 'stream-exists',
    });
    expect(mapped).toMatchObject({ expectedRevision: 'stream-exists', actualRevision: null });
  });

  it.each([
    ['any', ANY, 3n],
    ['stream-exists', STREAM_EXISTS, 3n],
  ] as const)(
    "turns WrongExpectedVersionError under '%s' on an existing stream into DuplicateEventIdError",
    (expectedRevision, clientExpected, current) => {
      // The server's answer when its idempotency check finds the append's first event id
      // already stored in the stream with other ids after it (CorruptedIdempotency): the
      // revision cannot be what failed, an id is already stored.
      const clientError = new WrongExpectedVersionError(undefined, {
        streamName: 'ns-agreement-1',
        expected: clientExpected,
        current,
      });
      const mapped = toPortError(clientError, {
        streamId: 'agreement-1',
        expectedRevision,
        eventIds: ['stored-id', 'new-id'],
      });
      expect(mapped).toBeInstanceOf(DuplicateEventIdError);
      expect(mapped).toMatchObject({ eventId: 'stored-id' });
    },
  );

  it('keeps WrongExpectedRevisionError where the revision can have failed', () => {
    const eventIds = ['e-1'];
    const exact = new WrongExpectedVersionError(undefined, {
      streamName: 'agreement-1',
      expected: 0n,
      current: 2n,
    });
    expect(
      toPortError(exact, { streamId: 'agreement-1', expectedRevision: 0, eventIds }),
    ).toMatchObject({ name: 'WrongExpectedRevisionError', expectedRevision: 0, actualRevision: 2 });
    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 'agreement-1',
      expected: STREAM_EXISTS,
      current: NO_STREAM,
    });
    expect(
      toPortError(missing, {
        streamId: 'agreement-1',
        expectedRevision: 'stream-exists',
        eventIds,
      }),
    ).toMatchObject({ name: 'WrongExpectedRevisionError', actualRevision: null });
  });

  it("maps a client's success: false answer with the revision read from the server", () => {
    // Client 6.2.1 made with throwOnAppendFailure: false reports 1n as the revision of any
    // existing stream on batch appends; the adapter reads the real one and maps it as thrown.
    const stale = failedAppendError(
      { streamId: 'agreement-1', expectedRevision: 4, eventIds: ['e-1'] },
      'ns-agreement-1',
      7,
    );
    expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
    expect(stale).toMatchObject({
      streamId: 'agreement-1',
      expectedRevision: 4,
      actualRevision: 7,
    });
    const missing = failedAppendError(
      { streamId: 'agreement-1', expectedRevision: 'stream-exists' },
      'ns-agreement-1',
      null,
    );
    expect(missing).toMatchObject({ name: 'WrongExpectedRevisionError', actualRevision: null });
    const storedId = failedAppendError(
      { streamId: 'agreement-1', expectedRevision: 'any', eventIds: ['stored-id'] },
      'ns-agreement-1',
      3,
    );
    expect(storedId).toBeInstanceOf(DuplicateEventIdError);
  });

  it.each([
    ['UnavailableError', new UnavailableError(undefined, 'connect ECONNREFUSED')],
    ['DeadlineExceededError', new DeadlineExceededError(undefined, 'deadline')],
    ['TimeoutError', new TimeoutError(undefined, 'server timed out')],
    ['gRPC UNAVAILABLE via the client', convertToCommandError(grpcError(14, 'No connection'))],
    ['gRPC DEADLINE_EXCEEDED via the client', convertToCommandError(grpcError(4, 'Deadline'))],
    ['discovery giving up', new Error('Failed to discover after 10 attempts.')],
  ])('maps %s to EventStoreUnavailableError, keeping it as the cause', (_, clientError) => {
    expect(isTransientFault(clientError)).toBe(true);
    const mapped = toPortError(clientError);
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapped.cause).toBe(clientError);
  });

  it('maps access denied to unavailable, saying which permissions are needed', () => {
    const mapped = toPortError(new AccessDeniedError(undefined, 'Access denied'));
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapped.message).toMatch(/read on \$all/);
    expect(isTransientFault(new AccessDeniedError())).toBe(false);
  });

  it('maps an append over the server limit to RangeError', () => {
    const mapped = toPortError(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576));
    expect(mapped).toBeInstanceOf(RangeError);
    expect(mapped.message).toContain('1048576');
  });

  it('passes other errors on unchanged and does not call them transient', () => {
    for (const error of [
      new StreamNotFoundError(undefined, 'x'),
      new NotFoundError(undefined, 'nope'),
      new UnknownError(undefined, 'boom'),
      new TypeError('not a ledger event'),
    ]) {
      expect(toPortError(error)).toBe(error);
      expect(isTransientFault(error)).toBe(false);
    }
  });

  it('names the multi-stream refusal', () => {
    const error = new MultiStreamAppendNotSupportedError();
    expect(error.code).toBe('EVENT_STORE.MULTI_STREAM_APPEND_NOT_SUPPORTED');
    expect(error.message).toMatch(/supportsMultiStreamAppend is false/);
  });
});
