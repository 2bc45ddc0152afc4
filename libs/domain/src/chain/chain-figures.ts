import { addDays, type CalendarDate } from '../calendar/calendar-date';
import {
  financialYearStart,
  periodLastDay,
  type FinancialYear,
  type PeriodId,
} from '../calendar/financial-year';
import type { RestatedPeriod } from '../agreement/agreement.commands';
import { caseStateOf, type CaseHistory } from '../case/case-history';
import type { RegisteredCase } from '../case/case.state';
import { registeredPlacementCosts } from '../case/placement-costs';
import {
  recognisedSavingsOf,
  registeredSavedNights,
  type SavedNights,
  type SavingsHorizonOf,
} from '../case/repatriation-savings';
import type { CasePeriodSaving, PlacementPeriodCost } from '../ledger/period-figures';
import { formatMoney, money, sumMoney, type MoneyString } from '../money/money';
import {
  chainAgreement,
  horizonInForce,
  lastAgreement,
  uncoveredFrom,
  type AgreementChain,
} from './agreement-chain';
import { financialYearAfter } from './chain-link';

/**
 * Costs and savings of one case across a chain (domain.md, "Years: chains of agreements"):
 * each night is charged, and each night's saving recognised, in the agreement whose year holds
 * that night. The rules are the single agreement's (case/placement-costs.ts and
 * case/repatriation-savings.ts), applied once per year of the chain; only the savings horizon
 * is the chain's: that of the agreement holding the repatriation date D (the last agreement's
 * while none holds D), counted from D across 31 March.
 */

/** One agreement's share of a case: the nights of its own year. */
export interface AgreementCaseFigures {
  agreementId: string;
  /** Accrued cost per (placement, period), periods of this agreement's year, in period order per placement. */
  costs: PlacementPeriodCost[];
  /** The case's recognised saving per period of this agreement's year, in period order. */
  savings: CasePeriodSaving[];
}

/**
 * Nights after the chain's last agreement, before the measuring date: charged nowhere yet. The
 * figures say what they would cost (each night at the rate in force that night) and save, by
 * the periods of the years they fall in; once the next agreement is created they are its own.
 */
export interface UncoveredCaseFigures {
  /** The first uncovered night: the day after the last agreement's 31 March. */
  from: CalendarDate;
  /** Would-be cost per (placement, period). */
  costs: PlacementPeriodCost[];
  /** Would-be saving per period, with the last agreement's horizon where no agreement holds D. */
  savings: CasePeriodSaving[];
  /** Uncovered bed days, all placements. */
  bedDays: number;
  /** What they would cost, all placements. */
  amount: MoneyString;
}

export interface ChainCaseFigures {
  caseId: string;
  /** The agreement the case was registered under: any agreement of the chain. */
  registeredUnder: string;
  /** One entry per agreement of the chain, in chain order, empty lists where nothing counts. */
  byAgreement: AgreementCaseFigures[];
  uncovered: UncoveredCaseFigures;
}

function registeredInChain(history: CaseHistory, chain: AgreementChain): RegisteredCase | null {
  const state = caseStateOf(history);
  if (state.status === 'unregistered') return null;
  if (chainAgreement(chain, state.agreementId) === null) {
    // The application layer picks the chain from the case's agreement: anything else is a wiring fault.
    throw new Error(
      `Case ${state.caseId} belongs to agreement ${state.agreementId}, not to this chain`,
    );
  }
  return state;
}

/** A year's costs and savings of the case, by the single-agreement rules. */
function yearFigures(
  registered: RegisteredCase,
  financialYear: FinancialYear,
  measuredAt: CalendarDate,
  horizonOf: SavingsHorizonOf,
): { costs: PlacementPeriodCost[]; savings: CasePeriodSaving[] } {
  const year = { financialYear };
  return {
    costs: registeredPlacementCosts(registered, year, measuredAt),
    savings: recognisedSavingsOf(
      registered,
      registeredSavedNights(registered, year, measuredAt, horizonOf),
    ),
  };
}

/** The years after the chain that hold a night before the measuring date. */
function uncoveredYears(chain: AgreementChain, measuredAt: CalendarDate): FinancialYear[] {
  const years: FinancialYear[] = [];
  let year = financialYearAfter(lastAgreement(chain).financialYear);
  while (financialYearStart(year) < measuredAt) {
    years.push(year);
    year = financialYearAfter(year);
  }
  return years;
}

/**
 * The case's figures across the chain, measured at `measuredAt` (nights strictly before it
 * count, as for one agreement), or null for a case with no referral yet. Nights before the
 * chain's first year are charged nowhere, as they are for a single agreement.
 *
 * A period close of agreement X in period P measures at the day after P's last day, takes X's
 * entry, and keeps P's figures (and, for its prior-period adjustments, its closed periods').
 */
export function caseFiguresAlongChain(
  history: CaseHistory,
  chain: AgreementChain,
  measuredAt: CalendarDate,
): ChainCaseFigures | null {
  const registered = registeredInChain(history, chain);
  if (!registered) return null;
  const horizonOf = chainHorizonOf(chain);
  const byAgreement = chain.agreements.map((terms) => ({
    agreementId: terms.agreementId,
    ...yearFigures(registered, terms.financialYear, measuredAt, horizonOf),
  }));
  return {
    caseId: registered.caseId,
    registeredUnder: registered.agreementId,
    byAgreement,
    uncovered: uncoveredCaseFigures(registered, chain, measuredAt),
  };
}

/** The horizon of a repatriation on D along the chain: that of the agreement holding D. */
function chainHorizonOf(chain: AgreementChain): SavingsHorizonOf {
  return (date) => horizonInForce(chain, date);
}

/**
 * A case's uncovered nights (after the chain's last agreement's 31 March, before
 * `measuredAt`): what they would cost, each night at the rate in force that night, and save.
 * The case may be registered under any agreement of the chain; nothing here asks which.
 */
export function uncoveredCaseFigures(
  registered: RegisteredCase,
  chain: AgreementChain,
  measuredAt: CalendarDate,
): UncoveredCaseFigures {
  const horizonOf = chainHorizonOf(chain);
  const uncovered = uncoveredYears(chain, measuredAt).map((year) =>
    yearFigures(registered, year, measuredAt, horizonOf),
  );
  const costs = uncovered.flatMap((figures) => figures.costs);
  return {
    from: uncoveredFrom(chain),
    costs,
    savings: uncovered.flatMap((figures) => figures.savings),
    bedDays: costs.reduce((nights, cost) => nights + cost.bedDays, 0),
    amount: formatMoney(sumMoney(costs.map((cost) => money(cost.amount)))),
  };
}

/**
 * A case's saved nights in one year of its chain (`financialYear`: the year of the agreement
 * that recognises them), cut by in-area rate and period, each repatriation measured with the
 * horizon of the agreement holding its date, across 31 March. The case may be registered
 * under any agreement of the chain. What a report adds up in pence; a close uses
 * `caseFiguresAlongChain`, by the same rule.
 */
export function savedNightsAlongChain(
  registered: RegisteredCase,
  chain: AgreementChain,
  financialYear: FinancialYear,
  measuredAt: CalendarDate,
): SavedNights[] {
  return registeredSavedNights(registered, { financialYear }, measuredAt, chainHorizonOf(chain));
}

/** The day after a period's last night: where a close of that period measures. */
export function measuredAtEndOf(period: PeriodId): CalendarDate {
  return addDays(periodLastDay(period), 1);
}

/**
 * One agreement's figures for the given periods, gathered from every case's chain figures: the
 * shape a close hands the agreement decider (`RestatedPeriod`), and the restated year a
 * prior-year adjustment compares with what was posted (prior-year-adjustments.ts).
 */
export function agreementPeriodFigures(
  figures: readonly (ChainCaseFigures | null)[],
  agreementId: string,
  periods: readonly PeriodId[],
): RestatedPeriod[] {
  const own = figures
    .filter((caseFigures): caseFigures is ChainCaseFigures => caseFigures !== null)
    .map((caseFigures) => caseFigures.byAgreement.find((a) => a.agreementId === agreementId))
    .filter((entry): entry is AgreementCaseFigures => entry !== undefined);
  return periods.map((period) => ({
    period,
    accruedCosts: own.flatMap((entry) => entry.costs.filter((cost) => cost.period === period)),
    recognisedSavings: own.flatMap((entry) =>
      entry.savings.filter((saving) => saving.period === period),
    ),
  }));
}
