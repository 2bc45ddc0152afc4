import { DomainError, type DomainErrorKind, type FieldError } from '../shared/domain-error';

/**
 * Every rejection the case decider can give, in one explicit list. Codes cross process
 * boundaries (problem documents, bulk-import reports), so a code is never renamed: add a new one.
 *
 * `retryable` answers one question: could the same command, unchanged, succeed later once other
 * facts have been recorded? That is true only where something the command names does not exist
 * yet, for example a placement row of a bulk import that arrives before its referral, or a new
 * placement waiting for the open one to end. Invalid input never fixes itself, and a discharge,
 * an ended placement or an existing id is final.
 */
export const CASE_ERRORS = {
  'VALIDATION.FAILED': {
    kind: 'invalid',
    retryable: false,
    meaning: 'One or more fields break a field rule; every failing field is listed.',
  },
  'PATIENT.NHS_NUMBER_REFUSED': {
    kind: 'invalid',
    retryable: false,
    meaning:
      'A field holds a valid NHS number. Used as the code of a field error inside VALIDATION.FAILED.',
  },
  'AGREEMENT.NOT_FOUND': {
    kind: 'rejected',
    retryable: true,
    meaning: 'The agreement named by the referral does not exist (yet).',
  },
  'CASE.ALREADY_EXISTS': {
    kind: 'conflict',
    retryable: false,
    meaning: 'A case with this id has already been registered.',
  },
  'CASE.NOT_FOUND': {
    kind: 'rejected',
    retryable: true,
    meaning: 'No referral has been registered for this case id (yet).',
  },
  'CASE.DISCHARGED': {
    kind: 'rejected',
    retryable: false,
    meaning: 'The patient has been discharged; nothing more can be recorded for the case.',
  },
  'PLACEMENT.ALREADY_EXISTS': {
    kind: 'conflict',
    retryable: false,
    meaning: 'The case already has a placement with this id.',
  },
  'PLACEMENT.NOT_FOUND': {
    kind: 'rejected',
    retryable: true,
    meaning: 'The case has no placement with this id (yet).',
  },
  'PLACEMENT.NOT_OPEN': {
    kind: 'rejected',
    retryable: false,
    meaning: 'The placement has already ended.',
  },
  'PLACEMENT.ALREADY_OPEN': {
    kind: 'conflict',
    retryable: true,
    meaning: 'The case already has an open placement; end it or repatriate first.',
  },
  'PLACEMENT.OVERLAPS': {
    kind: 'invalid',
    retryable: false,
    meaning: 'The new placement would start before an earlier placement of the case ended.',
  },
  'PLACEMENT.NOT_OUT_OF_AREA': {
    kind: 'rejected',
    retryable: false,
    meaning: 'Only an out-of-area placement can be repatriated.',
  },
  'PLACEMENT.RATE_CHANGE_OUTSIDE_PLACEMENT': {
    kind: 'rejected',
    retryable: false,
    meaning: "A rate change must take effect on or after the placement's start and before its end.",
  },
} as const satisfies Record<string, { kind: DomainErrorKind; retryable: boolean; meaning: string }>;

export type CaseErrorCode = keyof typeof CASE_ERRORS;

/** A field error that may carry its own stable code, e.g. PATIENT.NHS_NUMBER_REFUSED. */
export interface CaseFieldError extends FieldError {
  code?: CaseErrorCode;
}

export interface CaseErrorOptions {
  fieldErrors?: CaseFieldError[];
  details?: Record<string, string | number | boolean | null>;
}

/** Builds the DomainError for a code; kind and retryable always come from the list above. */
export function caseError(
  code: CaseErrorCode,
  message: string,
  options: CaseErrorOptions = {},
): DomainError {
  const { kind, retryable } = CASE_ERRORS[code];
  return new DomainError(
    code,
    message,
    kind,
    options.fieldErrors ?? [],
    options.details ?? {},
    retryable,
  );
}
