import type { CalendarDate } from '../calendar/calendar-date';
import type { FinancialYear, PeriodId } from '../calendar/financial-year';
import { formatMoney, formatPounds, type Money } from '../money/money';
import { DomainError, type DomainErrorKind, type FieldError } from '../shared/domain-error';

/** One way the agreement decider can refuse a command. */
export interface AgreementRejection {
  /** How the HTTP layer answers: `invalid` 400/422 with field errors, `conflict` 409, `rejected` 422. */
  kind: DomainErrorKind;
  /** Whether the same request, unchanged, could succeed later (after other facts are recorded). */
  retryable: boolean;
  /** What the code means, for the error catalogue and the API docs. */
  meaning: string;
}

/**
 * Every rejection of the delegation-agreement decider, with its stable code. Codes cross
 * process boundaries (problem documents, import reports), so a code is never renamed: a new
 * meaning gets a new code.
 */
export const AGREEMENT_ERRORS = {
  'VALIDATION.FAILED': {
    kind: 'invalid',
    retryable: false,
    meaning: 'One or more fields break a rule; every failing field is listed.',
  },
  'AGREEMENT.ALREADY_EXISTS': {
    kind: 'conflict',
    retryable: false,
    meaning: 'An agreement with this id has already been created.',
  },
  'AGREEMENT.NOT_FOUND': {
    kind: 'rejected',
    retryable: true,
    meaning: 'No agreement with this id has been created (yet).',
  },
  'BUDGET.OUTSIDE_FINANCIAL_YEAR': {
    kind: 'rejected',
    retryable: false,
    meaning: "The effective date is outside the agreement's financial year.",
  },
  'BUDGET.PERIOD_CLOSED': {
    kind: 'rejected',
    retryable: false,
    meaning: 'The effective date falls in a closed period; closed periods never reopen.',
  },
  'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS': {
    kind: 'rejected',
    retryable: true,
    meaning:
      'The commitment would take retained savings below zero; a later period close may recognise more.',
  },
  'PERIOD.CLOSE_OUT_OF_ORDER': {
    kind: 'rejected',
    retryable: true,
    meaning: 'Periods close in order and an earlier period is still open.',
  },
  'PERIOD.NOT_ENDED': {
    kind: 'rejected',
    retryable: true,
    meaning: "A period closes only after its last day, by the server's date.",
  },
  'BUDGET.MOVEMENT_ALREADY_RECORDED': {
    kind: 'conflict',
    retryable: false,
    meaning:
      'An allocation, adjustment, virement or reinvestment commitment with this id is already recorded; a new fact needs a new id.',
  },
  'PERIOD.ALREADY_CLOSED': {
    kind: 'conflict',
    retryable: false,
    meaning: 'The period is already closed and its figures are frozen.',
  },
} as const satisfies Record<string, AgreementRejection>;

export type AgreementErrorCode = keyof typeof AGREEMENT_ERRORS;

type ErrorDetails = Record<string, string | number | boolean | null>;

function agreementError(
  code: AgreementErrorCode,
  message: string,
  details: ErrorDetails = {},
  fieldErrors: FieldError[] = [],
): DomainError {
  const { kind, retryable } = AGREEMENT_ERRORS[code];
  return new DomainError(code, message, kind, fieldErrors, details, retryable);
}

/** The one place the agreement decider's error messages are written. */
export const agreementErrors = {
  invalid: (fieldErrors: FieldError[]): DomainError =>
    agreementError(
      'VALIDATION.FAILED',
      `Invalid fields: ${fieldErrors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      {},
      fieldErrors,
    ),

  alreadyExists: (agreementId: string): DomainError =>
    agreementError('AGREEMENT.ALREADY_EXISTS', `Agreement ${agreementId} already exists`, {
      agreementId,
    }),

  notFound: (agreementId: string): DomainError =>
    agreementError('AGREEMENT.NOT_FOUND', `Agreement ${agreementId} does not exist`, {
      agreementId,
    }),

  outsideFinancialYear: (effectiveDate: CalendarDate, financialYear: FinancialYear): DomainError =>
    agreementError(
      'BUDGET.OUTSIDE_FINANCIAL_YEAR',
      `Effective date ${effectiveDate} is outside the agreement's financial year ${financialYear}`,
      { effectiveDate, financialYear },
    ),

  periodClosed: (effectiveDate: CalendarDate, period: PeriodId): DomainError =>
    agreementError(
      'BUDGET.PERIOD_CLOSED',
      `Effective date ${effectiveDate} is in period ${period}, which is closed`,
      { effectiveDate, period },
    ),

  insufficientRetainedSavings: (available: Money, requested: Money): DomainError =>
    agreementError(
      'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS',
      `Retained savings available: ${formatPounds(available)}; requested ${formatPounds(requested)}`,
      { available: formatMoney(available), requested: formatMoney(requested) },
    ),

  closeOutOfOrder: (period: PeriodId, nextPeriod: PeriodId): DomainError =>
    agreementError(
      'PERIOD.CLOSE_OUT_OF_ORDER',
      `Period ${period} cannot close before ${nextPeriod}: the next period to close is ${nextPeriod}`,
      { period, nextPeriod },
    ),

  periodNotEnded: (period: PeriodId, lastDay: CalendarDate, today: CalendarDate): DomainError =>
    agreementError(
      'PERIOD.NOT_ENDED',
      `Period ${period} ends on ${lastDay}; it can close from the day after (today is ${today})`,
      { period, lastDay, today },
    ),

  alreadyRecorded: (kind: string, id: string): DomainError =>
    agreementError(
      'BUDGET.MOVEMENT_ALREADY_RECORDED',
      `The ${kind} ${id} is already recorded; a new ${kind} needs a new id`,
      { kind, id },
    ),

  periodAlreadyClosed: (period: PeriodId): DomainError =>
    agreementError('PERIOD.ALREADY_CLOSED', `Period ${period} is already closed`, { period }),
};
