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
