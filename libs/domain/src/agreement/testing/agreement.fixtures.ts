import type { CasePeriodSaving, PlacementPeriodCost } from '../../ledger/period-figures';
import { DomainError } from '../../shared/domain-error';
import type {
  AdjustBudget,
  AgreementCommand,
  AllocateBudget,
  ClosePeriod,
  CommitReinvestment,
  RestatedPeriod,
  CreateAgreement,
  VireBudget,
} from '../agreement.commands';
import type { AgreementDecisionContext } from '../agreement.context';
import { agreementDecider } from '../agreement.decider';
import { AGREEMENT_ERRORS, type AgreementErrorCode } from '../agreement.errors';
import type {
  AgreementCreated,
  AgreementEvent,
  PeriodClosed,
  PriorPeriodAdjustments,
} from '../agreement.events';

/**
 * Test fixtures for the delegation-agreement decider: the South London Partnership's adult
 * secure agreement for 2025/26 (domain.md's reference case), command builders with sensible
 * defaults, and a given/when/then helper in Emmett's style.
 */

export const SLP = 'slp-adult-secure-2025-26';
export const MEDIUM_SECURE = 'adult-medium-secure';
export const LOW_SECURE = 'adult-low-secure';
export const CAMHS = 'camhs-tier4';

/** A day inside 2025/26 with nothing closed yet: budget movements are allowed. */
export const MID_JUNE: AgreementDecisionContext = { today: '2025-06-15' };

export function createSlp(overrides: Partial<CreateAgreement['data']> = {}): CreateAgreement {
  return {
    type: 'CreateAgreement',
    data: {
      agreementId: SLP,
      commissionerCode: 'X24',
      leadProviderCode: 'RV5',
      partnerProviderCodes: ['RPG', 'RQY'],
      financialYear: '2025/26',
      serviceLines: [MEDIUM_SECURE, LOW_SECURE, CAMHS],
      ...overrides,
    },
  };
}

export const slpCreated: AgreementCreated = {
  type: 'AgreementCreated',
  data: {
    agreementId: SLP,
    commissionerCode: 'X24',
    leadProviderCode: 'RV5',
    partnerProviderCodes: ['RPG', 'RQY'],
    financialYear: '2025/26',
    serviceLines: [MEDIUM_SECURE, LOW_SECURE, CAMHS],
    savingsHorizonDays: 365,
    predecessorAgreementId: null,
  },
};

export function allocate(overrides: Partial<AllocateBudget['data']> = {}): AllocateBudget {
  return {
    type: 'AllocateBudget',
    data: {
      agreementId: SLP,
      allocationId: 'alloc-1',
      serviceLine: MEDIUM_SECURE,
      amount: '65000000.00',
      effectiveDate: '2025-04-01',
      phasing: { kind: 'even' },
      ...overrides,
    },
  };
}

export function adjust(overrides: Partial<AdjustBudget['data']> = {}): AdjustBudget {
  return {
    type: 'AdjustBudget',
    data: {
      agreementId: SLP,
      adjustmentId: 'adj-1',
      serviceLine: MEDIUM_SECURE,
      amount: '-250000.00',
      effectiveDate: '2026-01-10',
      reason: 'In-year return of unused medium secure budget',
      ...overrides,
    },
  };
}

export function vire(overrides: Partial<VireBudget['data']> = {}): VireBudget {
  return {
    type: 'VireBudget',
    data: {
      agreementId: SLP,
      virementId: 'vir-1',
      fromServiceLine: MEDIUM_SECURE,
      toServiceLine: CAMHS,
      amount: '120000.00',
      effectiveDate: '2025-10-01',
      reason: 'CAMHS tier 4 pressure',
      ...overrides,
    },
  };
}

export function reinvest(overrides: Partial<CommitReinvestment['data']> = {}): CommitReinvestment {
  return {
    type: 'CommitReinvestment',
    data: {
      agreementId: SLP,
      commitmentId: 'commit-1',
      schemeId: 'female-forensic-step-down',
      amount: '1000.00',
      effectiveDate: '2025-06-01',
      description: 'Female forensic step-down beds',
      ...overrides,
    },
  };
}

export function placementCost(overrides: Partial<PlacementPeriodCost> = {}): PlacementPeriodCost {
  return {
    caseId: 'case-1',
    placementId: 'placement-1',
    serviceLine: MEDIUM_SECURE,
    setting: 'out-of-area',
    providerCode: 'NQ1',
    period: '2025-04',
    bedDays: 30,
    amount: '18000.00',
    ...overrides,
  };
}

export function caseSaving(overrides: Partial<CasePeriodSaving> = {}): CasePeriodSaving {
  return {
    caseId: 'case-1',
    serviceLine: MEDIUM_SECURE,
    period: '2025-04',
    nights: 10,
    amount: '1500.00',
    ...overrides,
  };
}

export function closePeriod(
  period: string,
  accruedCosts: PlacementPeriodCost[] = [],
  recognisedSavings: CasePeriodSaving[] = [],
  restatedPeriods: RestatedPeriod[] = [],
): ClosePeriod {
  return {
    type: 'ClosePeriod',
    data: { agreementId: SLP, period, accruedCosts, recognisedSavings, restatedPeriods },
  };
}

/** A closed period's figures as they stand now, for a later close to compare. */
export function restated(
  period: string,
  accruedCosts: PlacementPeriodCost[] = [],
  recognisedSavings: CasePeriodSaving[] = [],
): RestatedPeriod {
  return { period, accruedCosts, recognisedSavings };
}

export const NO_ADJUSTMENTS: PriorPeriodAdjustments = { costs: [], savings: [] };

export function periodClosed(
  period: string,
  accruedCosts: PlacementPeriodCost[] = [],
  recognisedSavings: CasePeriodSaving[] = [],
  priorPeriodAdjustments: PriorPeriodAdjustments = NO_ADJUSTMENTS,
): PeriodClosed {
  return {
    type: 'PeriodClosed',
    data: {
      agreementId: SLP,
      period,
      accruedCosts,
      recognisedSavings,
      priorPeriodAdjustments,
      priorYearAdjustments: { costs: [], savings: [] },
    },
  };
}

/** Runs the decision and returns what it threw, failing the test if it threw nothing. */
function thrownBy(decide: () => unknown): DomainError {
  try {
    decide();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected the command to be refused, but it was accepted');
}

/**
 * given(history).when(command, context).then(events) / .thenThrows(code): the history is
 * folded with the decider's own evolve, so the tests exercise state as replay builds it.
 */
export function given(...history: AgreementEvent[]) {
  const state = history.reduce(agreementDecider.evolve, agreementDecider.initialState());
  return {
    when(command: AgreementCommand, context: AgreementDecisionContext = MID_JUNE) {
      const decide = () => agreementDecider.decide(command, state, context);
      return {
        then(expected: AgreementEvent[]): void {
          expect(decide()).toEqual(expected);
        },
        /** Asserts the code and that its kind and retry hint come from the error list. */
        thenThrows(code: AgreementErrorCode): DomainError {
          const error = thrownBy(decide);
          expect(error.code).toBe(code);
          expect(error.kind).toBe(AGREEMENT_ERRORS[code].kind);
          expect(error.retryable).toBe(AGREEMENT_ERRORS[code].retryable);
          return error;
        },
        /** A VALIDATION.FAILED naming exactly these fields, in any order. */
        thenRejectsFields(...fields: string[]): DomainError {
          const error = this.thenThrows('VALIDATION.FAILED');
          expect(error.fieldErrors.map((e) => e.field).sort()).toEqual([...fields].sort());
          return error;
        },
      };
    },
  };
}
