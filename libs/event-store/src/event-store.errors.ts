import type { ExpectedRevision } from './event-store.port';

/** The stream's revision did not match the expected one: another writer won. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: number | null,
  ) {
    super(
      `Stream ${streamId}: expected revision ${String(expectedRevision)}, actual ${
        actualRevision === null ? 'no stream' : actualRevision
      }`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The store cannot be reached or written. Safe to retry: nothing was half-applied. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE.UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/** An idempotency key came back with a different request: the caller reused a key. Not retryable. */
export class IdempotencyKeyConflictError extends Error {
  readonly code = 'EVENT_STORE.IDEMPOTENCY_KEY_CONFLICT';
  constructor(readonly idempotencyKey: string) {
    super(`Idempotency key ${idempotencyKey} was already used by a different request`);
    this.name = 'IdempotencyKeyConflictError';
  }
}

/** An event id is already in the log: event ids are unique across the store. Not retryable. */
export class DuplicateEventIdError extends Error {
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';
  constructor(readonly eventId: string) {
    super(`Event ${eventId} is already stored`);
    this.name = 'DuplicateEventIdError';
  }
}
