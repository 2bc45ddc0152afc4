import type { FieldError } from '@ledger/domain';

/**
 * Refusals made at the HTTP edge, before a command reaches the ledger. Each has a stable code,
 * like the domain's own refusals, and none of them has written anything.
 */

/** A field of the request breaks a rule of its DTO: every failing field is listed. */
export class RequestValidationError extends Error {
  readonly code = 'VALIDATION.FAILED';
  constructor(readonly fieldErrors: FieldError[]) {
    super(`The request has ${fieldErrors.length} invalid field(s): ${namesOf(fieldErrors)}`);
    this.name = 'RequestValidationError';
  }
}

/** A header the ledger reads (If-Match, Idempotency-Key, X-Correlation-Id) is malformed. */
export class MalformedHeaderError extends Error {
  constructor(
    readonly code: string,
    readonly header: string,
    readonly problem: string,
  ) {
    super(`The ${header} header ${problem}`);
    this.name = 'MalformedHeaderError';
  }
}

/** Confidential patient data offered to a finance system: refused, never stored or echoed. */
export class NhsNumberRefusedError extends Error {
  readonly code = 'PATIENT.NHS_NUMBER_REFUSED';
  constructor(readonly fields: string[]) {
    super(
      'The request holds a valid NHS number. Patients appear in the ledger only by pseudonym ' +
        '(patientRef): confidential patient data must not enter a finance system.',
    );
    this.name = 'NhsNumberRefusedError';
  }
}

/** No bearer token, or one that does not verify. */
export class AuthenticationError extends Error {
  readonly code = 'AUTH.UNAUTHENTICATED';
  constructor(reason: string) {
    super(reason);
    this.name = 'AuthenticationError';
  }
}

/** The failing fields' names for a detail line: the first ten, then how many more. */
function namesOf(fieldErrors: FieldError[]): string {
  const names = [...new Set(fieldErrors.map((e) => e.field))];
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}
