import {
  periodOf,
  savedNightsAlongChain,
  type CalendarDate,
  type PeriodId,
  type RegisteredCase,
} from '@ledger/domain';
import { jointPosition } from '../projection/append-only-store';
import { sumPeriods, type PeriodTotals } from '../projection/running-total';
import type { LedgerTotalsState } from '../balances/balances.projection';
import {
  agreementView,
  type AgreementView,
  type CaseTimelinesState,
} from '../cases/case-timelines.projection';
import { ledgerAccount } from '../ledger/account-names';
import type { LedgerPosting } from '../ledger/ledger-events';
import { formatPence, type Pence } from '../ledger/pence';
import { asOfWindow, isPostedPeriod, type AsOfWindow, type FigureStatus } from '../reporting/as-of';
import {
  chainSummaryOf,
  comparePriorYear,
  priorYearKeyParts,
  uncoveredNightsWarning,
  type ChainSummary,
  type ReportWarning,
} from '../reporting/chain-parts';
import { RatePence } from '../reporting/rate-pence';

/** The parts of the read model the savings report reads. */
export interface SavingsReportSources {
  readonly ledger: LedgerTotalsState;
  readonly cases: CaseTimelinesState;
}

export interface SavingsReportQuery {
  agreementId: string;
  asOf: CalendarDate;
  knownAt?: number;
  /** Today's UK date, through which uncovered nights are counted (see BudgetReportQuery). */
  today?: CalendarDate;
}

export interface PeriodSavings {
  period: PeriodId;
  /** posted: from the period's close (and adjustments); provisional: computed live. */
  status: FigureStatus;
  amount: string;
  /** For a posted period: live minus posted, which the next close will post. */
  pendingAdjustment: string;
}

export interface RepatriationSummary {
  repatriationDate: CalendarDate;
  outOfAreaPlacementId: string;
  inAreaPlacementId: string;
  /** R_o, the rate the saving is measured against. */
  outOfAreaDailyRate: string;
}

export interface CaseSavings {
  caseId: string;
  serviceLine: string;
  repatriations: RepatriationSummary[];
  /** Periods with a saving, a posting or a pending adjustment. */
  periods: PeriodSavings[];
  /** Posted, pending and provisional together. */
  total: string;
}

/**
 * A prior-year saving adjustment this agreement posted on its own `savings:retained` (domain.md,
 * "Years: chains of agreements"): a late fact's effect on a case's saving in a period of an
 * earlier agreement of its chain, whose year was closed. Counted here, under "prior year".
 */
export interface PriorYearSavings {
  caseId: string;
  serviceLine: string;
  /** The earlier agreement of the chain the nights belong to. */
  belongsToAgreementId: string;
  /** Its period the nights belong to. */
  period: PeriodId;
  /** This agreement's period it was posted in. */
  postedIn: PeriodId;
  amount: string;
}

/**
 * A late fact about a case's saving in this (closed) agreement's period, posted by a later
 * agreement of the chain as a prior-year adjustment: listed, not counted here (and no longer
 * pending), so this agreement's figures add up to its own accounts.
 */
export interface SavingsPostedInSuccessor {
  caseId: string;
  serviceLine: string;
  /** This agreement's period the nights belong to. */
  period: PeriodId;
  /** The later agreement that posted it. */
  postedInAgreementId: string;
  /** That agreement's period it was posted in. */
  postedIn: PeriodId;
  amount: string;
}

export interface SchemeCommitment {
  schemeId: string;
  committed: string;
}

export interface SavingsReport {
  agreementId: string;
  financialYear: string;
  asOf: CalendarDate;
  knownAt: number;
  /** Every period to date; savings may be negative (a cost pressure), never hidden. */
  byPeriod: PeriodSavings[];
  /** Cases of the chain with a repatriation or a posted saving; a case's total counts its prior-year adjustments. */
  byCase: CaseSavings[];
  recognised: {
    /** Posted by this agreement's closes, prior-year adjustments included. */
    posted: string;
    /** Open periods computed live, plus pending adjustments. */
    provisional: string;
    pendingPriorPeriodAdjustments: string;
    /** Of the posted: prior-year adjustments for earlier agreements' periods. */
    priorYearAdjustments: string;
    total: string;
  };
  /** Prior-year adjustments posted here, by case, in period order. */
  priorYear: { adjustments: PriorYearSavings[]; total: string };
  /** Late facts about this agreement's periods posted by a later agreement: not counted here. */
  postedInSuccessor: { adjustments: SavingsPostedInSuccessor[]; total: string };
  /** The agreement's chain as known at `knownAt`. */
  chain: ChainSummary;
  /** E.g. uncovered nights, in the reports of the chain's last agreement. */
  warnings: ReportWarning[];
  reinvestment: { byScheme: SchemeCommitment[]; total: string };
  /**
   * The `savings:retained` balance: posted savings minus commitments, for periods up to the
   * as-of date's period. Provisional savings are not available to commit until their close.
   */
  retainedSavingsAvailable: string;
}

/** Savings per period and per case, posted or provisional, for the chain's cases. */
interface SavingsGrid {
  /** caseId → period → pence. */
  posted: Map<string, Map<PeriodId, Pence>>;
  live: Map<string, Map<PeriodId, Pence>>;
  /** Posted for this agreement's periods by later agreements of the chain (prior-year). */
  postedElsewhere: Map<string, Map<PeriodId, Pence>>;
}

/**
 * Savings from repatriation by period and by repatriated case, reinvestment committed by
 * scheme, and retained savings available (domain.md). Posted periods read the close's
 * postings; open ones run the domain's savings rule live. Null when the agreement is unknown.
 */
export function savingsReport(
  sources: SavingsReportSources,
  query: SavingsReportQuery,
): SavingsReport | null {
  const position = jointPosition([sources.ledger, sources.cases], query.knownAt);
  const view = agreementView(sources.cases, query.agreementId, position);
  if (!view) return null;
  const window = asOfWindow(view.terms.financialYear, query.asOf);
  const { agreementId } = view.terms;
  const serviceLines = new Map(view.chainCases.map((c) => [c.caseId, c.serviceLine]));
  const priorYear = priorYearSavings(
    sources.ledger.store.priorYearPostedBy(agreementId, view.knownAt),
    serviceLines,
  );
  // Of the periods to date, as the periods' own figures.
  const postedInSuccessor = priorYearSavings(
    sources.ledger.store
      .priorYearPostedFor(agreementId, view.knownAt)
      .filter((posting) => window.periods.includes(posting.period)),
    serviceLines,
  );
  const grid: SavingsGrid = {
    posted: postedSavings(sources.ledger, view),
    // Every case of the chain: each night's saving counts in the agreement whose year holds it.
    live: liveSavings(view.chainCases, view, window.measuredAt),
    postedElsewhere: new Map(),
  };
  for (const { caseId, period, pence } of postedInSuccessor) {
    const amounts = grid.postedElsewhere.get(caseId) ?? new Map<PeriodId, Pence>();
    amounts.set(period, (amounts.get(period) ?? 0n) + pence);
    grid.postedElsewhere.set(caseId, amounts);
  }
  const periods = window.periods.map((period) =>
    periodSavingsPence(grid, view, window, period, null),
  );
  const priorYearTotal = priorYear.reduce((sum, row) => sum + row.pence, 0n);
  const totals = { posted: priorYearTotal, pending: 0n, all: priorYearTotal };
  for (const { status, amount, pending } of periods) {
    if (status === 'posted') totals.posted += amount;
    totals.pending += pending;
    totals.all += amount + pending;
  }
  return {
    agreementId: query.agreementId,
    financialYear: view.terms.financialYear,
    asOf: query.asOf,
    knownAt: position,
    byPeriod: periods.map(shown),
    byCase: savingsByCase(grid, view, window, priorYear),
    recognised: {
      posted: formatPence(totals.posted),
      provisional: formatPence(totals.all - totals.posted),
      pendingPriorPeriodAdjustments: formatPence(totals.pending),
      priorYearAdjustments: formatPence(priorYearTotal),
      total: formatPence(totals.all),
    },
    reinvestment: reinvestmentOf(sources.ledger, view, query.asOf),
    retainedSavingsAvailable: formatPence(retainedOf(sources.ledger, view, query.asOf)),
    priorYear: {
      adjustments: priorYear.map((row) => ({
        caseId: row.caseId,
        serviceLine: row.serviceLine,
        belongsToAgreementId: row.belongsToAgreementId,
        period: row.period,
        postedIn: row.postedIn,
        amount: formatPence(row.pence),
      })),
      total: formatPence(priorYearTotal),
    },
    postedInSuccessor: {
      adjustments: postedInSuccessor.map((row) => ({
        caseId: row.caseId,
        serviceLine: row.serviceLine,
        period: row.period,
        postedInAgreementId: row.postedByAgreementId,
        postedIn: row.postedIn,
        amount: formatPence(row.pence),
      })),
      total: formatPence(postedInSuccessor.reduce((sum, row) => sum + row.pence, 0n)),
    },
    chain: chainSummaryOf(view),
    warnings: warningsOf(view, query),
  };
}

function warningsOf(view: AgreementView, query: SavingsReportQuery): ReportWarning[] {
  const uncovered = uncoveredNightsWarning(view, view.chainCases, query.asOf, query.today);
  return uncovered ? [uncovered] : [];
}

/** A prior-year saving posting's figure: its case, where it belongs and was posted. */
interface PriorYearSavingPence {
  caseId: string;
  serviceLine: string;
  belongsToAgreementId: string;
  period: PeriodId;
  postedByAgreementId: string;
  postedIn: PeriodId;
  pence: Pence;
}

/**
 * Prior-year saving adjustments, one per (case, agreement and period belonged to, agreement
 * and period posted in), in period order then referral order. budget:L → savings:retained is
 * a saving; the reverse, a negative one. The line is the budget account's.
 */
function priorYearSavings(
  postings: readonly LedgerPosting[],
  serviceLines: ReadonlyMap<string, string>,
): PriorYearSavingPence[] {
  const referralOrder = [...serviceLines.keys()];
  const rows = new Map<string, PriorYearSavingPence>();
  for (const posting of postings) {
    const { debit, credit } = posting;
    let pence: Pence;
    let serviceLine: string;
    if (debit.kind === 'budget' && credit.kind === 'savings-retained') {
      pence = posting.amountPence;
      serviceLine = debit.serviceLine;
    } else if (debit.kind === 'savings-retained' && credit.kind === 'budget') {
      pence = -posting.amountPence;
      serviceLine = credit.serviceLine;
    } else continue;
    const key = priorYearKeyParts(posting);
    const id = `${posting.reference}|${key.belongsToAgreementId}|${key.period}|${key.postedByAgreementId}|${key.postedIn}`;
    const row = rows.get(id);
    if (row) row.pence += pence;
    else rows.set(id, { caseId: posting.reference, serviceLine, ...key, pence });
  }
  const order = (caseId: string) => {
    const at = referralOrder.indexOf(caseId);
    return at < 0 ? referralOrder.length : at;
  };
  return [...rows.values()].sort(
    (a, b) =>
      comparePriorYear(a, b) ||
      order(a.caseId) - order(b.caseId) ||
      (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0),
  );
}

function postedSavings(ledger: LedgerTotalsState, view: AgreementView): SavingsGrid['posted'] {
  const byCase = new Map<string, Map<PeriodId, Pence>>();
  for (const [caseId, totals] of ledger.store.savingsByCaseAt(
    view.terms.agreementId,
    view.knownAt,
  )) {
    byCase.set(caseId, periodAmounts(totals, view.knownAt));
  }
  return byCase;
}

function periodAmounts(totals: PeriodTotals, position: number): Map<PeriodId, Pence> {
  const amounts = new Map<PeriodId, Pence>();
  for (const [period, total] of totals) amounts.set(period, total.at(position));
  return amounts;
}

/**
 * Savings by the domain's rule, for the nights before `measuredAt`: its saved nights by rate
 * and period, each worth nights × (R_o − R_i) in integer pence (exactly the domain's Decimal
 * figure, without formatting and re-parsing every amount).
 */
function liveSavings(
  cases: RegisteredCase[],
  view: AgreementView,
  measuredAt: CalendarDate,
): SavingsGrid['live'] {
  const byCase = new Map<string, Map<PeriodId, Pence>>();
  const rates = new RatePence();
  for (const registered of cases) {
    const amounts = new Map<PeriodId, Pence>();
    for (const piece of savedNightsAlongChain(
      registered,
      view.chain,
      view.terms.financialYear,
      measuredAt,
    )) {
      const saved =
        rates.costOf(piece.outOfAreaDailyRate, piece.nights) -
        rates.costOf(piece.inAreaDailyRate, piece.nights);
      amounts.set(piece.period, (amounts.get(piece.period) ?? 0n) + saved);
    }
    if (amounts.size > 0) byCase.set(registered.caseId, amounts);
  }
  return byCase;
}

/** One period's savings in pence, for one case or (caseId null) for all of them. */
interface PeriodSavingsPence {
  period: PeriodId;
  status: FigureStatus;
  amount: Pence;
  pending: Pence;
}

function periodSavingsPence(
  grid: SavingsGrid,
  view: AgreementView,
  window: AsOfWindow,
  period: PeriodId,
  caseId: string | null,
): PeriodSavingsPence {
  const sumOf = (byCase: Map<string, Map<PeriodId, Pence>>): Pence => {
    if (caseId !== null) return byCase.get(caseId)?.get(period) ?? 0n;
    let sum = 0n;
    for (const amounts of byCase.values()) sum += amounts.get(period) ?? 0n;
    return sum;
  };
  const live = sumOf(grid.live);
  if (!isPostedPeriod(period, view.closedPeriods, window.asOf)) {
    return { period, status: 'provisional', amount: live, pending: 0n };
  }
  const posted = sumOf(grid.posted);
  // What a later agreement posted for it as a prior-year adjustment is no longer pending.
  return {
    period,
    status: 'posted',
    amount: posted,
    pending: live - posted - sumOf(grid.postedElsewhere),
  };
}

function shown({ period, status, amount, pending }: PeriodSavingsPence): PeriodSavings {
  return { period, status, amount: formatPence(amount), pendingAdjustment: formatPence(pending) };
}

/**
 * The cases with savings here, in referral order: those registered under this agreement that
 * were repatriated or had savings posted (as before chains), and any other case of the chain
 * with a saving, a posting or a pending adjustment in this agreement's periods, or a prior-year
 * adjustment posted here. Each has its periods with a saving or a pending adjustment; its total
 * also counts its prior-year adjustments. Added up in pence, formatted once.
 */
function savingsByCase(
  grid: SavingsGrid,
  view: AgreementView,
  window: AsOfWindow,
  priorYear: readonly PriorYearSavingPence[],
): CaseSavings[] {
  const priorYearOf = new Map<string, Pence>();
  for (const row of priorYear) {
    priorYearOf.set(row.caseId, (priorYearOf.get(row.caseId) ?? 0n) + row.pence);
  }
  const cases: CaseSavings[] = [];
  for (const registered of view.chainCases) {
    const { caseId } = registered;
    const periods: PeriodSavings[] = [];
    let total = priorYearOf.get(caseId) ?? 0n;
    for (const period of window.periods) {
      const row = periodSavingsPence(grid, view, window, period, caseId);
      if (row.amount === 0n && row.pending === 0n) continue;
      total += row.amount + row.pending;
      periods.push(shown(row));
    }
    const own = registered.agreementId === view.terms.agreementId;
    const listed =
      grid.posted.has(caseId) ||
      priorYearOf.has(caseId) ||
      periods.length > 0 ||
      (own && registered.repatriations.length > 0);
    if (!listed) continue;
    cases.push({
      caseId,
      serviceLine: registered.serviceLine,
      repatriations: registered.repatriations.map((r) => ({
        repatriationDate: r.repatriationDate,
        outOfAreaPlacementId: r.outOfAreaPlacementId,
        inAreaPlacementId: r.inAreaPlacementId,
        outOfAreaDailyRate: r.outOfAreaDailyRate,
      })),
      periods,
      total: formatPence(total),
    });
  }
  return cases;
}

/** Balance of the accounts `pick` selects, over periods up to the as-of date's period. */
function balanceOf(
  ledger: LedgerTotalsState,
  view: AgreementView,
  asOf: CalendarDate,
  pick: (account: string) => boolean,
): Map<string, Pence> {
  const lastPeriod = periodOf(asOf);
  const balances = new Map<string, Pence>();
  for (const [name, totals] of ledger.store.accountsAt(view.terms.agreementId, view.knownAt)) {
    if (!pick(name)) continue;
    balances.set(
      name,
      sumPeriods(totals.belongsTo, view.knownAt, (p) => p <= lastPeriod),
    );
  }
  return balances;
}

function reinvestmentOf(
  ledger: LedgerTotalsState,
  view: AgreementView,
  asOf: CalendarDate,
): SavingsReport['reinvestment'] {
  const balances = balanceOf(ledger, view, asOf, (n) => ledgerAccount(n).kind === 'reinvestment');
  let total = 0n;
  const byScheme: SchemeCommitment[] = [];
  for (const [name, pence] of [...balances].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const account = ledgerAccount(name);
    if (account.kind !== 'reinvestment') continue;
    total += pence;
    byScheme.push({ schemeId: account.schemeId, committed: formatPence(pence) });
  }
  return { byScheme, total: formatPence(total) };
}

function retainedOf(ledger: LedgerTotalsState, view: AgreementView, asOf: CalendarDate): Pence {
  const balances = balanceOf(
    ledger,
    view,
    asOf,
    (n) => ledgerAccount(n).kind === 'savings-retained',
  );
  let total = 0n;
  for (const pence of balances.values()) total += pence;
  return total;
}
