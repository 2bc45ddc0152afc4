import type { CalendarDate } from '../calendar/calendar-date';
import { DomainError, type DomainErrorKind, type FieldError } from '../shared/domain-error';

/** One way the organisation decider can refuse a command. */
export interface OrganisationRejection {
  kind: DomainErrorKind;
  retryable: boolean;
  meaning: string;
}

/**
 * Every rejection of the organisation register, with its stable code. A code is never renamed:
 * a new meaning gets a new code.
 */
export const ORGANISATION_ERRORS = {
  'VALIDATION.FAILED': {
    kind: 'invalid',
    retryable: false,
    meaning: 'One or more fields break a rule; every failing field is listed.',
  },
  'ORGANISATION.NAME_ALREADY_RECORDED': {
    kind: 'conflict',
    retryable: false,
    meaning:
      'The organisation already has this very name recorded from this very date; nothing would change.',
  },
} as const satisfies Record<string, OrganisationRejection>;

export type OrganisationErrorCode = keyof typeof ORGANISATION_ERRORS;

function organisationError(
  code: OrganisationErrorCode,
  message: string,
  details: Record<string, string | number | boolean | null> = {},
  fieldErrors: FieldError[] = [],
): DomainError {
  const { kind, retryable } = ORGANISATION_ERRORS[code];
  return new DomainError(code, message, kind, fieldErrors, details, retryable);
}

/** The one place the organisation register's error messages are written. */
export const organisationErrors = {
  invalid: (fieldErrors: FieldError[]): DomainError =>
    organisationError(
      'VALIDATION.FAILED',
      `Invalid fields: ${fieldErrors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      {},
      fieldErrors,
    ),

  nameAlreadyRecorded: (odsCode: string, effectiveFrom: CalendarDate): DomainError =>
    organisationError(
      'ORGANISATION.NAME_ALREADY_RECORDED',
      `Organisation ${odsCode} already has this name recorded from ${effectiveFrom}`,
      { odsCode, effectiveFrom },
    ),
};
