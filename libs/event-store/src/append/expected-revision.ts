import { WrongExpectedRevisionError } from '../event-store.errors';
import type { ExpectedRevision } from '../event-store.port';

/** Throws WrongExpectedRevisionError, carrying the actual revision, unless the expectation holds. */
export function assertExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  actual: number | null,
): void {
  if (!revisionHolds(expected, actual)) {
    throw new WrongExpectedRevisionError(streamId, expected, actual);
  }
}

function revisionHolds(expected: ExpectedRevision, actual: number | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return actual === null;
    case 'stream-exists':
      return actual !== null;
    default:
      return actual === expected;
  }
}
