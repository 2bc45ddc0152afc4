/**
 * Every rejection the domain can give, with a stable string code. Codes cross process
 * boundaries (HTTP problem documents, import reports), so never rename one: add a new one.
 *
 * `kind` tells the HTTP layer how to answer, without the domain knowing about HTTP:
 * - `invalid`: the input is malformed or breaks a field rule (answered 400/422 with field errors);
 * - `conflict`: the thing already exists or the state forbids it (answered 409);
 * - `rejected`: a business rule refuses it (answered 422).
 * `retryable` says whether the same request could succeed later without being changed.
 */
export type DomainErrorKind = 'invalid' | 'conflict' | 'rejected';

export interface FieldError {
  /** Dotted path of the failing field, e.g. `amount` or `phasing.months[3].amount`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind,
    readonly fieldErrors: FieldError[] = [],
    readonly details: Record<string, string | number | boolean | null> = {},
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
