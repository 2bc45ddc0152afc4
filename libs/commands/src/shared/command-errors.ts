/**
 * Refusals of the command layer, each with a stable code (codes cross process boundaries, so
 * `instanceof` is not enough for a client). Domain rule refusals are DomainErrors instead;
 * these are about who may act, which stream, and which request.
 */

export type AuthorisationCode = 'AUTH.FORBIDDEN_ROLE' | 'AUTH.OUT_OF_SCOPE';

/** The actor's role may not do this, or their organisation is not a party to the agreement. */
export class AuthorisationError extends Error {
  readonly retryable = false;
  constructor(
    readonly code: AuthorisationCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthorisationError';
  }
}

export type LedgerStreamKind = 'agreement' | 'case' | 'organisation';

/** The agreement, case or organisation (never named) the request names has never been recorded. */
export class StreamNotFoundError extends Error {
  readonly retryable = false;
  readonly code: string;
  constructor(
    readonly kind: LedgerStreamKind,
    readonly id: string,
  ) {
    super(`No ${kind} ${id} has been recorded`);
    this.name = 'StreamNotFoundError';
    this.code = `${kind.toUpperCase()}.NOT_FOUND`;
  }
}

/**
 * The caller's If-Match revision is not the stream's current one: they decided on a stale
 * view. Retrying the same request cannot help; they must read again.
 */
export class RevisionMismatchError extends Error {
  readonly code = 'CONCURRENCY.REVISION_MISMATCH';
  readonly retryable = false;
  constructor(
    readonly streamId: string,
    readonly expectedRevision: number,
    readonly currentRevision: number | null,
  ) {
    super(
      `The request expected revision ${expectedRevision} but the current revision is ${
        currentRevision === null ? 'none (nothing recorded yet)' : currentRevision
      }`,
    );
    this.name = 'RevisionMismatchError';
  }
}

/** Other writers kept winning the race for the stream, even after re-deciding. Retry later. */
export class ConcurrencyContentionError extends Error {
  readonly code = 'CONCURRENCY.CONTENTION';
  readonly retryable = true;
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`Stream ${streamId} changed under ${attempts} attempts in a row; try again`);
    this.name = 'ConcurrencyContentionError';
  }
}

/** The same Idempotency-Key came back with a different request. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY.KEY_REUSED';
  readonly retryable = false;
  constructor(readonly idempotencyKey: string) {
    super(
      `Idempotency-Key ${idempotencyKey} was already used for a different request; use a new key for a new request`,
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}
