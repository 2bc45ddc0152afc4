import type { CalendarDate } from '../../calendar/calendar-date';
import { periodsOf, type PeriodId } from '../../calendar/financial-year';
import { agreementDecider } from '../../agreement/agreement.decider';
import type { AgreementEvent } from '../../agreement/agreement.events';
import { postingsForAgreementEvent } from '../../agreement/agreement.postings';
import type { ActiveAgreement, AgreementTerms } from '../../agreement/agreement.state';
import type { CaseEvent } from '../../case/case.events';
import type { Posting } from '../../ledger/posting';
import type { ClosedPeriods } from '../agreement-chain';
import { agreementPeriodFigures, measuredAtEndOf, type ChainCaseFigures } from '../chain-figures';

/**
 * Test facts for chains of the South London Partnership's adult secure agreements, from the
 * first year of delegation (2017/18, domain.md's worked example) on, and a small driver that
 * closes an agreement's periods through the agreement decider with figures from the chain
 * rules, as the application layer will.
 */
export const MEDIUM_SECURE = 'adult-medium-secure';
export const LOW_SECURE = 'adult-low-secure';

/** Agreement `A` of domain.md's example: 2017/18, horizon 365. */
export const A: AgreementTerms = {
  agreementId: 'slp-adult-secure-2017-18',
  commissionerCode: 'X24',
  leadProviderCode: 'RV5',
  partnerProviderCodes: ['RPG', 'RQY'],
  financialYear: '2017/18',
  serviceLines: [MEDIUM_SECURE],
  savingsHorizonDays: 365,
};

/** Its successor `B`, 2018/19: a partner fewer, a service line more (both allowed). */
export const B: AgreementTerms = {
  ...A,
  agreementId: 'slp-adult-secure-2018-19',
  partnerProviderCodes: ['RPG'],
  financialYear: '2018/19',
  serviceLines: [MEDIUM_SECURE, LOW_SECURE],
};

/** `C`, 2019/20. */
export const C: AgreementTerms = {
  ...B,
  agreementId: 'slp-adult-secure-2019-20',
  financialYear: '2019/20',
};

export const terms = (
  base: AgreementTerms,
  overrides: Partial<AgreementTerms>,
): AgreementTerms => ({
  ...base,
  ...overrides,
});

// ---- Case events, for any case id ----

export const referral = (
  caseId: string,
  agreementId: string,
  referralDate: CalendarDate,
): CaseEvent => ({
  type: 'ReferralRegistered',
  data: {
    caseId,
    agreementId,
    serviceLine: MEDIUM_SECURE,
    patientRef: `SLP-PT-${caseId}`,
    referralDate,
  },
});

export const started = (
  caseId: string,
  placementId: string,
  setting: 'in-area' | 'out-of-area',
  startDate: CalendarDate,
  dailyRate: string,
): CaseEvent => ({
  type: 'PlacementStarted',
  data: {
    caseId,
    placementId,
    setting,
    bedType: 'medium-secure',
    providerCode: setting === 'in-area' ? 'RPG' : 'NQ1',
    dailyRate,
    startDate,
    distanceFromHomeKm: setting === 'in-area' ? '8.0' : '212.5',
    oapReasonCode: setting === 'in-area' ? null : '10',
  },
});

export const rateChanged = (
  caseId: string,
  placementId: string,
  effectiveDate: CalendarDate,
  dailyRate: string,
  previousDailyRate: string,
): CaseEvent => ({
  type: 'PlacementRateChanged',
  data: { caseId, placementId, dailyRate, previousDailyRate, effectiveDate },
});

export const repatriated = (
  caseId: string,
  outOfAreaPlacementId: string,
  repatriationDate: CalendarDate,
  outOfAreaDailyRate: string,
  inArea: { placementId: string; dailyRate: string },
): CaseEvent => ({
  type: 'PatientRepatriated',
  data: {
    caseId,
    repatriationDate,
    outOfAreaPlacementId,
    outOfAreaDailyRate,
    inAreaPlacement: {
      placementId: inArea.placementId,
      bedType: 'medium-secure',
      providerCode: 'RPG',
      dailyRate: inArea.dailyRate,
      distanceFromHomeKm: '8.0',
    },
  },
});

export const ended = (caseId: string, placementId: string, endDate: CalendarDate): CaseEvent => ({
  type: 'PlacementEnded',
  data: { caseId, placementId, endDate, reason: 'transferred' },
});

export const discharged = (
  caseId: string,
  dischargeDate: CalendarDate,
  endedPlacementId: string | null,
): CaseEvent => ({
  type: 'PatientDischarged',
  data: { caseId, dischargeDate, endedPlacementId, reason: 'discharged to community team' },
});

// ---- Agreements closed through the decider ----

export const created = (t: AgreementTerms): AgreementEvent => ({
  type: 'AgreementCreated',
  data: {
    agreementId: t.agreementId,
    commissionerCode: t.commissionerCode,
    leadProviderCode: t.leadProviderCode,
    partnerProviderCodes: [...t.partnerProviderCodes],
    financialYear: t.financialYear,
    serviceLines: [...t.serviceLines],
    savingsHorizonDays: t.savingsHorizonDays,
    predecessorAgreementId: null,
  },
});

/** One agreement's stream, folded, with the postings its events made. */
export interface AgreementBook {
  state: ActiveAgreement;
  postings: Posting[];
}

export function openBook(t: AgreementTerms): AgreementBook {
  const event = created(t);
  const state = agreementDecider.evolve(agreementDecider.initialState(), event);
  if (!state.exists) throw new Error('creation failed');
  return { state, postings: [] };
}

/**
 * Closes `period` of the book's agreement as the application layer would: the day after the
 * period, with the period's figures and its closed periods' restated figures taken from the
 * chain figures of every case (measured at the day after the period).
 */
export function closeWith(
  book: AgreementBook,
  period: PeriodId,
  figures: readonly (ChainCaseFigures | null)[],
  today: CalendarDate = measuredAtEndOf(period),
): AgreementBook {
  const { agreementId } = book.state.terms;
  const [own] = agreementPeriodFigures(figures, agreementId, [period]);
  const events = agreementDecider.decide(
    {
      type: 'ClosePeriod',
      data: {
        agreementId,
        period,
        accruedCosts: own.accruedCosts,
        recognisedSavings: own.recognisedSavings,
        restatedPeriods: agreementPeriodFigures(figures, agreementId, book.state.closedPeriods),
      },
    },
    book.state,
    { today },
  );
  const state = events.reduce(agreementDecider.evolve, book.state);
  if (!state.exists) throw new Error('close lost the agreement');
  return { state, postings: [...book.postings, ...events.flatMap(postingsForAgreementEvent)] };
}

export const closedPeriodsOf = (...books: AgreementBook[]): ClosedPeriods =>
  new Map(books.map((book) => [book.state.terms.agreementId, book.state.closedPeriods]));

export const yearOf = (t: AgreementTerms): PeriodId[] => periodsOf(t.financialYear);
