import { compareDates, isCalendarDate, type CalendarDate } from '../calendar/calendar-date';
import { isPeriodId, periodLastDay, periodsOf, type PeriodId } from '../calendar/financial-year';
import type { PlacementSetting } from '../case/case.events';
import type {
  CasePeriodSaving,
  PlacementPeriodCost,
  PriorYearCost,
  PriorYearFigures,
  PriorYearSaving,
} from '../ledger/period-figures';
import { formatMoney, money } from '../money/money';
import type { FieldError } from '../shared/domain-error';
import type { ClosePeriod, RestatedPeriod } from './agreement.commands';
import type { AgreementDecisionContext } from './agreement.context';
import { agreementErrors } from './agreement.errors';
import type { PeriodClosed } from './agreement.events';
import {
  asRecord,
  fieldFailure,
  knownServiceLineErrors,
  listErrors,
  moneyErrors,
  odsCodeErrors,
  repeatErrors,
  requiredTextErrors,
  throwIfInvalid,
  wholeNumberErrors,
} from './agreement.rules';
import {
  isPeriodClosed,
  nextPeriodToClose,
  type ActiveAgreement,
  type AgreementTerms,
} from './agreement.state';
import { priorPeriodAdjustments } from './posted-figures';

/**
 * Period close freezes a month: it posts the month's accrued placement costs and recognised
 * savings, which the application layer computed from the case histories. Periods close in
 * order and only after their last day, so a closed month is always complete and always
 * preceded by closed months.
 *
 * A closed month's postings never change, but case facts may be back-dated into it. So each
 * close also takes the closed months' figures restated from today's case histories, and posts
 * whatever differs from what has been posted for them so far as prior-period adjustments: they
 * belong to the earlier month and are posted in this one, the earliest open month.
 */

const SETTINGS: readonly unknown[] = ['in-area', 'out-of-area'] satisfies PlacementSetting[];
/** Nights of one case or placement in one month: at most 31. */
const MAX_NIGHTS_IN_PERIOD = 31;

function settingErrors(field: string, raw: unknown): FieldError[] {
  return SETTINGS.includes(raw) ? [] : fieldFailure(field, "must be 'in-area' or 'out-of-area'");
}

function figurePeriodErrors(field: string, raw: unknown, period: PeriodId): FieldError[] {
  return raw === period ? [] : fieldFailure(field, `must be the period being closed, ${period}`);
}

function accruedCostErrors(
  field: string,
  raw: unknown,
  period: PeriodId,
  terms: AgreementTerms,
): FieldError[] {
  const cost = asRecord(raw);
  return [
    ...requiredTextErrors(`${field}.caseId`, cost.caseId),
    ...requiredTextErrors(`${field}.placementId`, cost.placementId),
    ...knownServiceLineErrors(`${field}.serviceLine`, cost.serviceLine, terms),
    ...settingErrors(`${field}.setting`, cost.setting),
    ...odsCodeErrors(`${field}.providerCode`, cost.providerCode),
    ...figurePeriodErrors(`${field}.period`, cost.period, period),
    ...wholeNumberErrors(`${field}.bedDays`, cost.bedDays, 0, MAX_NIGHTS_IN_PERIOD),
    ...moneyErrors(`${field}.amount`, cost.amount, { allowZero: true }),
  ];
}

function recognisedSavingErrors(
  field: string,
  raw: unknown,
  period: PeriodId,
  terms: AgreementTerms,
): FieldError[] {
  const saving = asRecord(raw);
  return [
    ...requiredTextErrors(`${field}.caseId`, saving.caseId),
    ...knownServiceLineErrors(`${field}.serviceLine`, saving.serviceLine, terms),
    ...figurePeriodErrors(`${field}.period`, saving.period, period),
    ...wholeNumberErrors(`${field}.nights`, saving.nights, 0, MAX_NIGHTS_IN_PERIOD),
    // A negative saving is a cost pressure: reported and posted, never hidden.
    ...moneyErrors(`${field}.amount`, saving.amount, { allowNegative: true, allowZero: true }),
  ];
}

/**
 * Figures are per (placement, period) and per (case, period): a repeat would post twice.
 * Placement ids are unique within a case only, so a placement is named by both ids.
 */
function repeatedFigureErrors(
  field: string,
  figures: { accruedCosts: unknown; recognisedSavings: unknown },
): FieldError[] {
  const costs = Array.isArray(figures.accruedCosts) ? figures.accruedCosts.map(asRecord) : [];
  const savings = Array.isArray(figures.recognisedSavings)
    ? figures.recognisedSavings.map(asRecord)
    : [];
  return [
    ...repeatErrors(
      costs.map((cost) => `${String(cost.caseId)} ${String(cost.placementId)}`),
      (i) => `${field}accruedCosts[${i}].placementId`,
    ),
    ...repeatErrors(
      savings.map((saving) => saving.caseId),
      (i) => `${field}recognisedSavings[${i}].caseId`,
    ),
  ];
}

/** One period's cost and saving lists, every figure belonging to that period. */
function figureListErrors(
  field: string,
  figures: { accruedCosts: unknown; recognisedSavings: unknown },
  period: PeriodId,
  terms: AgreementTerms,
): FieldError[] {
  return [
    ...listErrors(`${field}accruedCosts`, figures.accruedCosts, (element, cost) =>
      accruedCostErrors(element, cost, period, terms),
    ),
    ...listErrors(`${field}recognisedSavings`, figures.recognisedSavings, (element, saving) =>
      recognisedSavingErrors(element, saving, period, terms),
    ),
    ...repeatedFigureErrors(field, figures),
  ];
}

/** A restated period must be one already closed before the period being closed, listed once. */
function restatedPeriodErrors(
  field: string,
  raw: unknown,
  period: PeriodId,
  agreement: ActiveAgreement,
): FieldError[] {
  const restated = asRecord(raw);
  const restatedPeriod = restated.period;
  const closedBefore =
    typeof restatedPeriod === 'string' &&
    restatedPeriod < period &&
    isPeriodClosed(agreement, restatedPeriod);
  if (!closedBefore) {
    return fieldFailure(`${field}.period`, `must be a closed period before ${period}`);
  }
  const figures = {
    accruedCosts: restated.accruedCosts,
    recognisedSavings: restated.recognisedSavings,
  };
  return figureListErrors(`${field}.`, figures, restatedPeriod, agreement.terms);
}

function restatedPeriodsErrors(
  data: ClosePeriod['data'],
  agreement: ActiveAgreement,
): FieldError[] {
  const { restatedPeriods } = data;
  const periods = Array.isArray(restatedPeriods)
    ? restatedPeriods.map((restated) => asRecord(restated).period)
    : [];
  return [
    ...listErrors('restatedPeriods', restatedPeriods, (field, restated) =>
      restatedPeriodErrors(field, restated, data.period, agreement),
    ),
    ...repeatErrors(periods, (i) => `restatedPeriods[${i}].period`),
  ];
}

/**
 * A prior-year figure belongs to a period of an earlier agreement of the chain: before this
 * agreement's year, and another agreement's. Its nights and amount are differences, so either
 * may be negative; its accounts are this agreement's (a successor keeps every service line).
 */
function priorYearOwnerErrors(
  field: string,
  figure: Record<string, unknown>,
  terms: AgreementTerms,
): FieldError[] {
  const firstPeriod = periodsOf(terms.financialYear)[0];
  const period = figure.period;
  return [
    ...requiredTextErrors(`${field}.belongsToAgreementId`, figure.belongsToAgreementId),
    ...(figure.belongsToAgreementId === terms.agreementId
      ? fieldFailure(`${field}.belongsToAgreementId`, 'must be an earlier agreement of the chain')
      : []),
    ...(isPeriodId(period) && period < firstPeriod
      ? []
      : fieldFailure(`${field}.period`, `must be a period before ${firstPeriod}`)),
  ];
}

function priorYearCostErrors(field: string, raw: unknown, terms: AgreementTerms): FieldError[] {
  const cost = asRecord(raw);
  return [
    ...priorYearOwnerErrors(field, cost, terms),
    ...requiredTextErrors(`${field}.caseId`, cost.caseId),
    ...requiredTextErrors(`${field}.placementId`, cost.placementId),
    ...knownServiceLineErrors(`${field}.serviceLine`, cost.serviceLine, terms),
    ...settingErrors(`${field}.setting`, cost.setting),
    ...odsCodeErrors(`${field}.providerCode`, cost.providerCode),
    ...wholeNumberErrors(
      `${field}.bedDays`,
      cost.bedDays,
      -MAX_NIGHTS_IN_PERIOD,
      MAX_NIGHTS_IN_PERIOD,
    ),
    ...moneyErrors(`${field}.amount`, cost.amount, { allowNegative: true, allowZero: true }),
  ];
}

function priorYearSavingErrors(field: string, raw: unknown, terms: AgreementTerms): FieldError[] {
  const saving = asRecord(raw);
  return [
    ...priorYearOwnerErrors(field, saving, terms),
    ...requiredTextErrors(`${field}.caseId`, saving.caseId),
    ...knownServiceLineErrors(`${field}.serviceLine`, saving.serviceLine, terms),
    ...wholeNumberErrors(
      `${field}.nights`,
      saving.nights,
      -MAX_NIGHTS_IN_PERIOD,
      MAX_NIGHTS_IN_PERIOD,
    ),
    ...moneyErrors(`${field}.amount`, saving.amount, { allowNegative: true, allowZero: true }),
  ];
}

function priorYearErrors(raw: unknown, terms: AgreementTerms): FieldError[] {
  if (raw === undefined) return [];
  const figures = asRecord(raw);
  return [
    ...listErrors('priorYearAdjustments.costs', figures.costs, (field, cost) =>
      priorYearCostErrors(field, cost, terms),
    ),
    ...listErrors('priorYearAdjustments.savings', figures.savings, (field, saving) =>
      priorYearSavingErrors(field, saving, terms),
    ),
  ];
}

function closeErrors(data: ClosePeriod['data'], agreement: ActiveAgreement): FieldError[] {
  const { terms } = agreement;
  const periods = periodsOf(terms.financialYear);
  const periodErrors = periods.includes(data.period)
    ? []
    : fieldFailure(
        'period',
        `must be a period of ${terms.financialYear}: ${periods[0]} to ${periods[11]}`,
      );
  return [
    ...periodErrors,
    ...figureListErrors('', data, data.period, terms),
    ...restatedPeriodsErrors(data, agreement),
    ...priorYearErrors(data.priorYearAdjustments, terms),
  ];
}

/** Closes happen in order (M01, M02, …) and once only. */
function assertNextToClose(agreement: ActiveAgreement, period: PeriodId): void {
  if (isPeriodClosed(agreement, period)) throw agreementErrors.periodAlreadyClosed(period);
  const next = nextPeriodToClose(agreement);
  if (next !== null && period !== next) throw agreementErrors.closeOutOfOrder(period, next);
}

/** A month closes only once it is over: the server's date is after its last day. */
function assertEnded(period: PeriodId, today: CalendarDate): void {
  if (!isCalendarDate(today)) {
    // The application layer supplies today's date; a wrong one is a bug there, not bad input.
    throw new Error(`The decision context's today must be a calendar date, got ${String(today)}`);
  }
  const lastDay = periodLastDay(period);
  if (compareDates(today, lastDay) <= 0) {
    throw agreementErrors.periodNotEnded(period, lastDay, today);
  }
}

/** Copies the figure's known fields only, with its amount to exactly 2 decimal places. */
function accruedCost(cost: PlacementPeriodCost): PlacementPeriodCost {
  const { caseId, placementId, serviceLine, setting, providerCode, period, bedDays } = cost;
  const amount = formatMoney(money(cost.amount));
  return { caseId, placementId, serviceLine, setting, providerCode, period, bedDays, amount };
}

function recognisedSaving(saving: CasePeriodSaving): CasePeriodSaving {
  const { caseId, serviceLine, period, nights } = saving;
  return { caseId, serviceLine, period, nights, amount: formatMoney(money(saving.amount)) };
}

function priorYearAdjustments(figures: PriorYearFigures | undefined): PriorYearFigures {
  const cost = (c: PriorYearCost): PriorYearCost => ({
    belongsToAgreementId: c.belongsToAgreementId,
    ...accruedCost(c),
  });
  const saving = (s: PriorYearSaving): PriorYearSaving => ({
    belongsToAgreementId: s.belongsToAgreementId,
    ...recognisedSaving(s),
  });
  return { costs: (figures?.costs ?? []).map(cost), savings: (figures?.savings ?? []).map(saving) };
}

function restatedPeriod(restated: RestatedPeriod): RestatedPeriod {
  return {
    period: restated.period,
    accruedCosts: restated.accruedCosts.map(accruedCost),
    recognisedSavings: restated.recognisedSavings.map(recognisedSaving),
  };
}

export function decideClosePeriod(
  { data }: ClosePeriod,
  agreement: ActiveAgreement,
  context: AgreementDecisionContext,
): PeriodClosed[] {
  throwIfInvalid(closeErrors(data, agreement));
  assertNextToClose(agreement, data.period);
  assertEnded(data.period, context.today);
  const restated = data.restatedPeriods.map(restatedPeriod);
  return [
    {
      type: 'PeriodClosed',
      data: {
        agreementId: agreement.terms.agreementId,
        period: data.period,
        accruedCosts: data.accruedCosts.map(accruedCost),
        recognisedSavings: data.recognisedSavings.map(recognisedSaving),
        priorPeriodAdjustments: priorPeriodAdjustments(agreement.postedFigures, restated),
        priorYearAdjustments: priorYearAdjustments(data.priorYearAdjustments),
      },
    },
  ];
}
