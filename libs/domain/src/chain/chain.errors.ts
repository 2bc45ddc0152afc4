import type { FinancialYear, PeriodId } from '../calendar/financial-year';
import { DomainError, type DomainErrorKind, type FieldError } from '../shared/domain-error';

/** One way a chain rule can refuse: as AgreementRejection in agreement.errors.ts. */
export interface ChainRejection {
  /** How the HTTP layer answers: `conflict` 409, `rejected` 422. */
  kind: DomainErrorKind;
  /** Whether the same request, unchanged, could succeed later (after other facts are recorded). */
  retryable: boolean;
  /** What the code means, for the error catalogue and the API docs. */
  meaning: string;
}

/**
 * Every refusal of the chain rules (domain.md, "Years: chains of agreements"), with its stable
 * code. Codes cross process boundaries, so a code is never renamed: a new meaning gets a new code.
 */
export const CHAIN_ERRORS = {
  'CHAIN.PREDECESSOR_NOT_FOUND': {
    kind: 'rejected',
    retryable: true,
    meaning: 'The agreement named as predecessor has not been created (yet).',
  },
  'CHAIN.COMMISSIONER_DIFFERS': {
    kind: 'rejected',
    retryable: false,
    meaning: 'A successor must have the same commissioner as its predecessor.',
  },
  'CHAIN.LEAD_PROVIDER_DIFFERS': {
    kind: 'rejected',
    retryable: false,
    meaning: 'A successor must have the same lead provider as its predecessor.',
  },
  'CHAIN.NOT_THE_NEXT_YEAR': {
    kind: 'rejected',
    retryable: false,
    meaning: "A successor covers the financial year just after its predecessor's.",
  },
  'CHAIN.SERVICE_LINE_DROPPED': {
    kind: 'rejected',
    retryable: false,
    meaning: 'A successor keeps every service line of its predecessor (it may add more).',
  },
  'CHAIN.SUCCESSOR_EXISTS': {
    kind: 'conflict',
    retryable: false,
    meaning: 'The predecessor already has a successor; an agreement has at most one.',
  },
  'CHAIN.PREDECESSOR_YEAR_OPEN': {
    kind: 'rejected',
    retryable: true,
    meaning:
      "Periods close in order along the chain: a successor's M01 closes only after its predecessor's M12.",
  },
  'CHAIN.YEAR_NOT_CLOSED': {
    kind: 'rejected',
    retryable: true,
    meaning: "The carry-forward is recorded only after the predecessor's M12 is closed.",
  },
  'CHAIN.NO_SUCCESSOR': {
    kind: 'rejected',
    retryable: true,
    meaning: 'The carry-forward needs the successor agreement to exist.',
  },
  'CHAIN.SUCCESSOR_YEAR_CLOSED': {
    kind: 'rejected',
    retryable: false,
    meaning:
      'Every period of the successor is closed: it has no open period to receive the carry-forward.',
  },
  'CHAIN.CARRY_FORWARD_ALREADY_RECORDED': {
    kind: 'conflict',
    retryable: false,
    meaning: "The predecessor's carry-forward is recorded once, and it has been.",
  },
} as const satisfies Record<string, ChainRejection>;

export type ChainErrorCode = keyof typeof CHAIN_ERRORS;

type ErrorDetails = Record<string, string | number | boolean | null>;

function chainError(
  code: ChainErrorCode,
  message: string,
  details: ErrorDetails,
  fieldErrors: FieldError[] = [],
): DomainError {
  const { kind, retryable } = CHAIN_ERRORS[code];
  return new DomainError(code, message, kind, fieldErrors, details, retryable);
}

/** The one place the chain rules' error messages are written. */
export const chainErrors = {
  predecessorNotFound: (predecessorAgreementId: string): DomainError =>
    chainError(
      'CHAIN.PREDECESSOR_NOT_FOUND',
      `Predecessor agreement ${predecessorAgreementId} does not exist`,
      { predecessorAgreementId },
      [{ field: 'predecessorAgreementId', message: 'must name an existing agreement' }],
    ),

  commissionerDiffers: (
    predecessorAgreementId: string,
    expected: string,
    actual: string,
  ): DomainError =>
    chainError(
      'CHAIN.COMMISSIONER_DIFFERS',
      `The commissioner is ${actual}, but predecessor ${predecessorAgreementId}'s is ${expected}`,
      { predecessorAgreementId, expected, actual },
      [
        {
          field: 'commissionerCode',
          message: `must be ${expected}, the predecessor's commissioner`,
        },
      ],
    ),

  leadProviderDiffers: (
    predecessorAgreementId: string,
    expected: string,
    actual: string,
  ): DomainError =>
    chainError(
      'CHAIN.LEAD_PROVIDER_DIFFERS',
      `The lead provider is ${actual}, but predecessor ${predecessorAgreementId}'s is ${expected}`,
      { predecessorAgreementId, expected, actual },
      [
        {
          field: 'leadProviderCode',
          message: `must be ${expected}, the predecessor's lead provider`,
        },
      ],
    ),

  notTheNextYear: (
    predecessorAgreementId: string,
    predecessorYear: FinancialYear,
    expected: FinancialYear,
    actual: FinancialYear,
  ): DomainError =>
    chainError(
      'CHAIN.NOT_THE_NEXT_YEAR',
      `Predecessor ${predecessorAgreementId} covers ${predecessorYear}, so its successor covers ${expected}, not ${actual}`,
      { predecessorAgreementId, predecessorYear, expected, actual },
      [
        {
          field: 'financialYear',
          message: `must be ${expected}, the year after the predecessor's`,
        },
      ],
    ),

  serviceLinesDropped: (predecessorAgreementId: string, dropped: readonly string[]): DomainError =>
    chainError(
      'CHAIN.SERVICE_LINE_DROPPED',
      `Predecessor ${predecessorAgreementId}'s service lines must all be kept; missing: ${dropped.join(', ')}`,
      { predecessorAgreementId, droppedServiceLines: dropped.join(','), count: dropped.length },
      dropped.map((line) => ({
        field: 'serviceLines',
        message: `must keep ${line}, a service line of predecessor ${predecessorAgreementId}`,
      })),
    ),

  successorExists: (
    predecessorAgreementId: string,
    successorAgreementId: string | null,
  ): DomainError =>
    chainError(
      'CHAIN.SUCCESSOR_EXISTS',
      successorAgreementId === null
        ? `Predecessor ${predecessorAgreementId} already has a successor`
        : `Predecessor ${predecessorAgreementId} already has a successor, ${successorAgreementId}`,
      { predecessorAgreementId, successorAgreementId },
      [{ field: 'predecessorAgreementId', message: 'must name an agreement without a successor' }],
    ),

  predecessorYearOpen: (
    agreementId: string,
    period: PeriodId,
    openAgreementId: string,
    openPeriod: PeriodId,
  ): DomainError =>
    chainError(
      'CHAIN.PREDECESSOR_YEAR_OPEN',
      `Period ${period} of ${agreementId} cannot close before ${openPeriod} of ${openAgreementId}: periods close in order along the chain`,
      { agreementId, period, openAgreementId, openPeriod },
    ),

  yearNotClosed: (agreementId: string, lastPeriod: PeriodId): DomainError =>
    chainError(
      'CHAIN.YEAR_NOT_CLOSED',
      `Agreement ${agreementId}'s year is still open: its carry-forward waits for ${lastPeriod} to close`,
      { agreementId, lastPeriod },
    ),

  noSuccessor: (agreementId: string): DomainError =>
    chainError(
      'CHAIN.NO_SUCCESSOR',
      `Agreement ${agreementId} has no successor to carry its retained savings forward to`,
      { agreementId },
    ),

  successorYearClosed: (agreementId: string, successorAgreementId: string): DomainError =>
    chainError(
      'CHAIN.SUCCESSOR_YEAR_CLOSED',
      `Successor ${successorAgreementId} of ${agreementId} has no open period left for the carry-forward`,
      { agreementId, successorAgreementId },
    ),

  carryForwardAlreadyRecorded: (agreementId: string): DomainError =>
    chainError(
      'CHAIN.CARRY_FORWARD_ALREADY_RECORDED',
      `Agreement ${agreementId}'s carry-forward is already recorded`,
      { agreementId },
    ),
};
