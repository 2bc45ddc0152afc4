import {
  periodsOf,
  rateOn,
  ratedNightsByPeriod,
  type CalendarDate,
  type CasePlacement,
  type PeriodId,
  type PlacementSetting,
  type RegisteredCase,
} from '@ledger/domain';
import { jointPosition } from '../projection/append-only-store';
import type { LedgerTotalsState } from '../balances/balances.projection';
import { agreementView, type AgreementView } from '../cases/case-timelines.projection';
import type { CaseTimelinesState } from '../cases/case-timelines.projection';
import { ledgerAccount } from '../ledger/account-names';
import { formatPence, penceOf, type Pence } from '../ledger/pence';
import { asOfWindow, isPostedPeriod, type AsOfWindow, type FigureStatus } from '../reporting/as-of';
import { RatePence } from '../reporting/rate-pence';
import { SpendTally, tallyFor, type SpendBreakdown } from '../reporting/spend-tally';

/** The parts of the read model the budget report reads. */
export interface BudgetReportSources {
  readonly ledger: LedgerTotalsState;
  readonly cases: CaseTimelinesState;
}

export interface BudgetReportQuery {
  agreementId: string;
  asOf: CalendarDate;
  /** One line only; every line of the agreement when absent. */
  serviceLine?: string;
  /** Log position: the report as the ledger could have given it then. */
  knownAt?: number;
}

/** One period of one line: its own figures, and the line's position to date after it. */
export interface PeriodBudgetRow {
  period: PeriodId;
  /** posted: closed and over by asOf, so its postings stand; provisional: computed live. */
  status: FigureStatus;
  /** Budget phased into this period. */
  budget: string;
  /** Spend belonging to this period: posted, or live for its nights up to asOf. */
  spend: SpendBreakdown;
  /**
   * For a posted period: what late facts have changed since (live figure minus posted). The
   * next close posts it as a prior-period adjustment; until then it is provisional.
   */
  pendingAdjustment: string;
  budgetToDate: string;
  spendToDate: string;
  /** Budget to date minus spend to date. */
  variance: string;
  overspent: boolean;
}

/** A placement still running on the as-of date, and what it will cost to the year's end. */
export interface ActivePlacementForecast {
  caseId: string;
  placementId: string;
  setting: PlacementSetting;
  providerCode: string;
  /** Rate in force on the as-of night. */
  dailyRate: string;
  nightsLeft: number;
  remainingCost: string;
}

export interface LineForecast {
  /** Nights after asOf, to 31 March inclusive. */
  nightsLeft: number;
  activePlacements: ActivePlacementForecast[];
  /** Σ daily rate × nights left over the active placements. */
  remainingCost: string;
  /** Spend to date plus remaining cost (domain.md, "Budget reports"). */
  outturn: string;
  /** Full-year budget minus outturn; negative means an overspend is forecast. */
  variance: string;
  overspendForecast: boolean;
}

export interface ServiceLineBudget {
  serviceLine: string;
  fullYearBudget: string;
  budgetToDate: string;
  /** Posted plus provisional spend to date, by setting and provider. */
  spendToDate: SpendBreakdown;
  /** Of which posted (closed periods, frozen). */
  postedSpend: string;
  /** Of which provisional: open periods computed live, plus pending adjustments. */
  provisionalSpend: string;
  /** Of which late facts not yet posted (part of the provisional spend). */
  pendingPriorPeriodAdjustments: string;
  variance: string;
  /** Budget to date below spend to date: flagged, never refused (domain.md invariant 3). */
  overspent: boolean;
  forecast: LineForecast;
  periods: PeriodBudgetRow[];
}

export interface BudgetReport {
  agreementId: string;
  financialYear: string;
  asOf: CalendarDate;
  knownAt: number;
  lines: ServiceLineBudget[];
  totals: {
    fullYearBudget: string;
    budgetToDate: string;
    spendToDate: string;
    provisionalSpend: string;
    variance: string;
    overspent: boolean;
    forecastOutturn: string;
  };
}

/**
 * Budget against actual by agreement, service line and period (domain.md, "Budget reports a
 * finance team expects"). See reporting/as-of.ts for the as-of rules. Null when the agreement
 * does not exist as known at `knownAt`.
 */
export function budgetAgainstActual(
  sources: BudgetReportSources,
  query: BudgetReportQuery,
): BudgetReport | null {
  const position = jointPosition([sources.ledger, sources.cases], query.knownAt);
  const view = agreementView(sources.cases, query.agreementId, position);
  if (!view) return null;
  const window = asOfWindow(view.terms.financialYear, query.asOf);
  const lines = view.terms.serviceLines
    .filter((line) => query.serviceLine === undefined || line === query.serviceLine)
    .map((line) => lineReport(sources.ledger, view, window, line));
  return {
    agreementId: query.agreementId,
    financialYear: view.terms.financialYear,
    asOf: query.asOf,
    knownAt: position,
    lines,
    totals: totalsOf(lines),
  };
}

/** A line's position to date, as its periods are added in order. */
class LineToDate {
  budget = 0n;
  postedSpend = 0n;
  pendingAdjustments = 0n;
  readonly spend = new SpendTally();

  addPeriod(
    period: PeriodId,
    budget: Pence,
    { status, spend, pending }: PeriodSpend,
  ): PeriodBudgetRow {
    this.budget += budget;
    this.spend.addTally(spend);
    this.spend.addTally(pending);
    if (status === 'posted') this.postedSpend += spend.total();
    this.pendingAdjustments += pending.total();
    const variance = this.variance();
    return {
      period,
      status,
      budget: formatPence(budget),
      spend: spend.breakdown(),
      pendingAdjustment: formatPence(pending.total()),
      budgetToDate: formatPence(this.budget),
      spendToDate: formatPence(this.spend.total()),
      variance: formatPence(variance),
      overspent: variance < 0n,
    };
  }

  variance(): Pence {
    return this.budget - this.spend.total();
  }
}

interface PeriodSpend {
  status: FigureStatus;
  spend: SpendTally;
  /** Live minus posted, for a posted period; nothing for a provisional one. */
  pending: SpendTally;
}

/** A posted period's postings stand (with what late facts changed pending); others run live. */
function periodSpend(
  period: PeriodId,
  posted: Map<PeriodId, SpendTally>,
  live: Map<PeriodId, SpendTally>,
  view: AgreementView,
  asOf: CalendarDate,
): PeriodSpend {
  const liveSpend = live.get(period) ?? new SpendTally();
  if (!isPostedPeriod(period, view.closedPeriods, asOf)) {
    return { status: 'provisional', spend: liveSpend, pending: new SpendTally() };
  }
  const postedSpend = posted.get(period) ?? new SpendTally();
  return { status: 'posted', spend: postedSpend, pending: liveSpend.minus(postedSpend) };
}

function lineReport(
  ledger: LedgerTotalsState,
  view: AgreementView,
  window: AsOfWindow,
  serviceLine: string,
): ServiceLineBudget {
  const { agreementId } = view.terms;
  const cases = view.cases.filter((c) => c.serviceLine === serviceLine);
  const posted = postedSpendByPeriod(ledger, agreementId, serviceLine, view.knownAt);
  const live = liveSpendByPeriod(cases, view, window.measuredAt);
  const toDate = new LineToDate();
  const periods = window.periods.map((period) =>
    toDate.addPeriod(
      period,
      ledger.store.budgetIn(agreementId, serviceLine, period, view.knownAt),
      periodSpend(period, posted, live, view, window.asOf),
    ),
  );
  const fullYearBudget = fullYear(ledger, view, serviceLine);
  const spendToDate = toDate.spend.total();
  return {
    serviceLine,
    fullYearBudget: formatPence(fullYearBudget),
    budgetToDate: formatPence(toDate.budget),
    spendToDate: toDate.spend.breakdown(),
    postedSpend: formatPence(toDate.postedSpend),
    provisionalSpend: formatPence(spendToDate - toDate.postedSpend),
    pendingPriorPeriodAdjustments: formatPence(toDate.pendingAdjustments),
    variance: formatPence(toDate.variance()),
    overspent: toDate.variance() < 0n,
    forecast: forecastOf(cases, window, spendToDate, fullYearBudget),
    periods,
  };
}

/** Budget phased into all twelve periods of the year. */
function fullYear(ledger: LedgerTotalsState, view: AgreementView, serviceLine: string): Pence {
  let sum = 0n;
  for (const period of periodsOf(view.terms.financialYear)) {
    sum += ledger.store.budgetIn(view.terms.agreementId, serviceLine, period, view.knownAt);
  }
  return sum;
}

/** Spend posted per period (by period belonged to) to the line's spend accounts. */
function postedSpendByPeriod(
  ledger: LedgerTotalsState,
  agreementId: string,
  serviceLine: string,
  position: number,
): Map<PeriodId, SpendTally> {
  const byPeriod = new Map<PeriodId, SpendTally>();
  for (const [name, totals] of ledger.store.accountsAt(agreementId, position)) {
    const account = ledgerAccount(name);
    if (account.kind !== 'spend' || account.serviceLine !== serviceLine) continue;
    for (const [period, total] of totals.belongsTo) {
      tallyFor(byPeriod, period).add(account.setting, account.providerCode, total.at(position));
    }
  }
  return byPeriod;
}

/**
 * Spend computed live by the domain's cost rules, for the nights before `measuredAt`: its
 * charged nights by rate and period, costed as nights × rate in integer pence (exactly the
 * domain's Decimal cost, without formatting and re-parsing every amount).
 */
function liveSpendByPeriod(
  cases: RegisteredCase[],
  view: AgreementView,
  measuredAt: CalendarDate,
): Map<PeriodId, SpendTally> {
  const byPeriod = new Map<PeriodId, SpendTally>();
  const rates = new RatePence();
  for (const registered of cases) {
    for (const { placement, period, nights, dailyRate } of ratedNightsByPeriod(
      registered,
      view.terms,
      measuredAt,
    )) {
      tallyFor(byPeriod, period).add(
        placement.setting,
        placement.providerCode,
        rates.costOf(dailyRate, nights),
      );
    }
  }
  return byPeriod;
}

/** Occupies the as-of night: start ≤ asOf < end. */
function isActiveOn(placement: CasePlacement, night: CalendarDate): boolean {
  return placement.startDate <= night && (placement.endDate === null || night < placement.endDate);
}

/**
 * Forecast outturn: spend to date plus, for each placement active on asOf, the rate in force
 * that night times the nights left in the year (the nights after asOf). Known future ends and rate changes are not
 * anticipated: the forecast is the domain's simple run-rate rule.
 */
function forecastOf(
  cases: RegisteredCase[],
  window: AsOfWindow,
  spendToDate: Pence,
  fullYearBudget: Pence,
): LineForecast {
  const { asOf, nightsLeft } = window;
  const nights = BigInt(nightsLeft);
  const activePlacements: ActivePlacementForecast[] = [];
  let remaining = 0n;
  for (const registered of cases) {
    for (const placement of registered.placements) {
      if (!isActiveOn(placement, asOf)) continue;
      const dailyRate = rateOn(placement.rates, asOf);
      const cost = penceOf(dailyRate) * nights;
      remaining += cost;
      activePlacements.push({
        caseId: registered.caseId,
        placementId: placement.placementId,
        setting: placement.setting,
        providerCode: placement.providerCode,
        dailyRate,
        nightsLeft,
        remainingCost: formatPence(cost),
      });
    }
  }
  const outturn = spendToDate + remaining;
  return {
    nightsLeft,
    activePlacements,
    remainingCost: formatPence(remaining),
    outturn: formatPence(outturn),
    variance: formatPence(fullYearBudget - outturn),
    overspendForecast: fullYearBudget - outturn < 0n,
  };
}

function totalsOf(lines: ServiceLineBudget[]): BudgetReport['totals'] {
  const sum = (pick: (line: ServiceLineBudget) => string): Pence =>
    lines.reduce((total, line) => total + penceOf(pick(line)), 0n);
  const budgetToDate = sum((line) => line.budgetToDate);
  const spendToDate = sum((line) => line.spendToDate.total);
  return {
    fullYearBudget: formatPence(sum((line) => line.fullYearBudget)),
    budgetToDate: formatPence(budgetToDate),
    spendToDate: formatPence(spendToDate),
    provisionalSpend: formatPence(sum((line) => line.provisionalSpend)),
    variance: formatPence(budgetToDate - spendToDate),
    overspent: budgetToDate - spendToDate < 0n,
    forecastOutturn: formatPence(sum((line) => line.forecast.outturn)),
  };
}
