import {
  periodsOf,
  rateOn,
  registeredRatedNights,
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
import type { LedgerPosting } from '../ledger/ledger-events';
import { formatPence, penceOf, type Pence } from '../ledger/pence';
import { asOfWindow, isPostedPeriod, type AsOfWindow, type FigureStatus } from '../reporting/as-of';
import {
  chainSummaryOf,
  comparePriorYear,
  priorYearKeyOf,
  priorYearKeyParts,
  uncoveredNightsWarning,
  type ChainSummary,
  type PriorYearKey,
  type ReportWarning,
} from '../reporting/chain-parts';
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
  /**
   * Today's date (the server's UK date): uncovered nights are counted through it when `asOf`
   * is not after the year end. Without it, through `asOf`.
   */
  today?: CalendarDate;
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

/**
 * A prior-year adjustment this agreement posted on its own accounts (domain.md, "Years: chains
 * of agreements"): a late fact's effect on a period of an earlier agreement of its chain, whose
 * year was closed. It counts in this agreement's spend (posted), under "prior year".
 */
export interface PriorYearSpend {
  /** The earlier agreement of the chain the nights belong to. */
  belongsToAgreementId: string;
  /** Its period the nights belong to. */
  period: PeriodId;
  /** This agreement's period it was posted in. */
  postedIn: PeriodId;
  spend: SpendBreakdown;
}

/**
 * A late fact about this (closed) agreement's period that a later agreement of the chain has
 * posted on its own accounts, as a prior-year adjustment: listed, never counted here, so this
 * agreement's figures add up to its own accounts. No longer pending.
 */
export interface SpendPostedInSuccessor {
  /** This agreement's period the nights belong to. */
  period: PeriodId;
  /** The later agreement that posted it. */
  postedInAgreementId: string;
  /** That agreement's period it was posted in. */
  postedIn: PeriodId;
  spend: SpendBreakdown;
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
  /**
   * Prior-year adjustments this agreement posted for earlier agreements' periods, in period
   * order. Part of the posted spend, and of spend to date from the first period on (they
   * belong to periods before this year's).
   */
  priorYear: PriorYearSpend[];
  /** Their sum. */
  priorYearAdjustments: string;
  /** Late facts about this agreement's periods posted by a later agreement: not counted here. */
  postedInSuccessor: SpendPostedInSuccessor[];
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
    /** Prior-year adjustments posted here, part of spend to date. */
    priorYearAdjustments: string;
  };
  /** The agreement's chain as known at `knownAt`. */
  chain: ChainSummary;
  /** E.g. uncovered nights, in the reports of the chain's last agreement. */
  warnings: ReportWarning[];
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
  const inScope = (line: string) => query.serviceLine === undefined || line === query.serviceLine;
  const lines = view.terms.serviceLines
    .filter(inScope)
    .map((line) => lineReport(sources.ledger, view, window, line));
  const uncovered = uncoveredNightsWarning(
    view,
    view.chainCases.filter((c) => inScope(c.serviceLine)),
    query.asOf,
    query.today,
  );
  return {
    agreementId: query.agreementId,
    financialYear: view.terms.financialYear,
    asOf: query.asOf,
    knownAt: position,
    lines,
    totals: totalsOf(lines),
    chain: chainSummaryOf(view),
    warnings: uncovered ? [uncovered] : [],
  };
}

/** A line's position to date, as its periods are added in order. */
class LineToDate {
  budget = 0n;
  postedSpend = 0n;
  pendingAdjustments = 0n;
  readonly spend = new SpendTally();

  /** Posted spend belonging to periods before the year's first: prior-year adjustments. */
  constructor(priorYear: SpendTally) {
    this.spend.addTally(priorYear);
    this.postedSpend += priorYear.total();
  }

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
  /**
   * Live minus posted, for a posted period (less what a later agreement of the chain has
   * posted for it as prior-year adjustments); nothing for a provisional one.
   */
  pending: SpendTally;
}

/** A posted period's postings stand (with what late facts changed pending); others run live. */
function periodSpend(
  period: PeriodId,
  figures: LineFigures,
  view: AgreementView,
  asOf: CalendarDate,
): PeriodSpend {
  const liveSpend = figures.live.get(period) ?? new SpendTally();
  if (!isPostedPeriod(period, view.closedPeriods, asOf)) {
    return { status: 'provisional', spend: liveSpend, pending: new SpendTally() };
  }
  const postedSpend = figures.posted.get(period) ?? new SpendTally();
  const pending = liveSpend.minus(postedSpend);
  const elsewhere = figures.postedElsewhere.get(period);
  if (elsewhere) pending.addTally(elsewhere, -1n);
  return { status: 'posted', spend: postedSpend, pending };
}

/** A line's spend per period: posted here, live, and posted for it by later agreements. */
interface LineFigures {
  posted: Map<PeriodId, SpendTally>;
  live: Map<PeriodId, SpendTally>;
  postedElsewhere: Map<PeriodId, SpendTally>;
}

function lineReport(
  ledger: LedgerTotalsState,
  view: AgreementView,
  window: AsOfWindow,
  serviceLine: string,
): ServiceLineBudget {
  const { agreementId } = view.terms;
  // Every case of the chain: each night counts in the agreement whose year holds it.
  const cases = view.chainCases.filter((c) => c.serviceLine === serviceLine);
  const priorYear = priorYearSpend(
    ledger.store.priorYearPostedBy(agreementId, view.knownAt),
    serviceLine,
  );
  // Of the periods to date, as the periods' own figures.
  const postedInSuccessor = priorYearSpend(
    ledger.store
      .priorYearPostedFor(agreementId, view.knownAt)
      .filter((posting) => window.periods.includes(posting.period)),
    serviceLine,
  );
  const figures: LineFigures = {
    posted: postedSpendByPeriod(ledger, agreementId, serviceLine, view.knownAt),
    live: liveSpendByPeriod(cases, view, window.measuredAt),
    postedElsewhere: new Map(),
  };
  for (const { key, spend } of postedInSuccessor) {
    tallyFor(figures.postedElsewhere, key.period).addTally(spend);
  }
  const priorYearTally = new SpendTally();
  for (const { spend } of priorYear) priorYearTally.addTally(spend);
  const toDate = new LineToDate(priorYearTally);
  const periods = window.periods.map((period) =>
    toDate.addPeriod(
      period,
      ledger.store.budgetIn(agreementId, serviceLine, period, view.knownAt),
      periodSpend(period, figures, view, window.asOf),
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
    priorYear: priorYear.map(({ key, spend }) => ({
      belongsToAgreementId: key.belongsToAgreementId,
      period: key.period,
      postedIn: key.postedIn,
      spend: spend.breakdown(),
    })),
    priorYearAdjustments: formatPence(priorYearTally.total()),
    postedInSuccessor: postedInSuccessor.map(({ key, spend }) => ({
      period: key.period,
      postedInAgreementId: key.postedByAgreementId,
      postedIn: key.postedIn,
      spend: spend.breakdown(),
    })),
  };
}

/** The spend side of a cost posting on the line: + into its spend account, − out of it. */
function spendMove(
  posting: LedgerPosting,
  serviceLine: string,
): { setting: PlacementSetting; providerCode: string; pence: Pence } | null {
  for (const [account, sign] of [
    [posting.credit, 1n],
    [posting.debit, -1n],
  ] as const) {
    if (account.kind === 'spend' && account.serviceLine === serviceLine) {
      const { setting, providerCode } = account;
      return { setting, providerCode, pence: sign * posting.amountPence };
    }
  }
  return null;
}

/**
 * Prior-year cost adjustments on the line, grouped by where they belong (agreement, period)
 * and where they were posted (agreement, period), in period order.
 */
function priorYearSpend(
  postings: readonly LedgerPosting[],
  serviceLine: string,
): { key: PriorYearKey; spend: SpendTally }[] {
  const groups = new Map<string, { key: PriorYearKey; spend: SpendTally }>();
  for (const posting of postings) {
    const move = spendMove(posting, serviceLine);
    if (!move) continue;
    const id = priorYearKeyOf(posting);
    let group = groups.get(id);
    if (!group) {
      group = { key: priorYearKeyParts(posting), spend: new SpendTally() };
      groups.set(id, group);
    }
    group.spend.add(move.setting, move.providerCode, move.pence);
  }
  return [...groups.values()].sort((a, b) => comparePriorYear(a.key, b.key));
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
    for (const { placement, period, nights, dailyRate } of registeredRatedNights(
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
    priorYearAdjustments: formatPence(sum((line) => line.priorYearAdjustments)),
  };
}
