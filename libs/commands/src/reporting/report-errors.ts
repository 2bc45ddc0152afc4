/**
 * The log has not yet reached the position the caller asked to read after (`minPosition`):
 * the read-your-writes contract cannot be kept right now. Retry after `retryAfterSeconds`.
 */
export class LogBehindError extends Error {
  readonly code = 'READ.LOG_BEHIND';
  readonly retryable = true;
  constructor(
    readonly minPosition: number,
    readonly headPosition: number,
    readonly retryAfterSeconds = 1,
  ) {
    super(
      `The log is at position ${headPosition}, below the requested minPosition ${minPosition}; try again shortly`,
    );
    this.name = 'LogBehindError';
  }
}

/** A report query that cannot be answered as asked (e.g. both knowledge clocks given). */
export class ReportQueryError extends Error {
  readonly code = 'VALIDATION.FAILED';
  readonly retryable = false;
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'ReportQueryError';
  }
}
