import { IdempotencyKeyConflictError } from '../event-store.errors';
import type { AppendOptions } from '../event-store.port';

/** The hash stored with a key; a request without a hash is stored as the empty string. */
export function requestHashOf(options: AppendOptions): string {
  return options.requestHash ?? '';
}

/**
 * A stored key seen again: the same request is a replay (the caller gets the original
 * result); a different request reusing the key is a conflict.
 */
export function assertSameRequest(
  idempotencyKey: string,
  storedHash: string,
  options: AppendOptions,
): void {
  if (storedHash !== requestHashOf(options)) {
    throw new IdempotencyKeyConflictError(idempotencyKey);
  }
}
