import {
  periodOf,
  savedNightsByPeriod,
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
import { formatPence, type Pence } from '../ledger/pence';
import { asOfWindow, isPostedPeriod, type AsOfWindow, type FigureStatus } from '../reporting/as-of';
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
  byCase: CaseSavings[];
  recognised: {
    posted: string;
    /** Open periods computed live, plus pending adjustments. */
    provisional: string;
    pendingPriorPeriodAdjustments: string;
    total: string;
  };
  reinvestment: { byScheme: SchemeCommitment[]; total: string };
  /**
   * The `savings:retained` balance: posted savings minus commitments, for periods up to the
   * as-of date's period. Provisional savings are not available to commit until their close.
   */
  retainedSavingsAvailable: string;
}

/** Savings per period and per case, posted or provisional, for one agreement's cases. */
interface SavingsGrid {
  /** caseId → period → pence. */
  posted: Map<string, Map<PeriodId, Pence>>;
  live: Map<string, Map<PeriodId, Pence>>;
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
  const grid: SavingsGrid = {
    posted: postedSavings(sources.ledger, view),
    live: liveSavings(view.cases, view, window.measuredAt),
  };
  const periods = window.periods.map((period) =>
    periodSavingsPence(grid, view, window, period, null),
  );
  const totals = { posted: 0n, pending: 0n, all: 0n };
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
    byCase: savingsByCase(grid, view, window),
    recognised: {
      posted: formatPence(totals.posted),
      provisional: formatPence(totals.all - totals.posted),
      pendingPriorPeriodAdjustments: formatPence(totals.pending),
      total: formatPence(totals.all),
    },
    reinvestment: reinvestmentOf(sources.ledger, view, query.asOf),
    retainedSavingsAvailable: formatPence(retainedOf(sources.ledger, view, query.asOf)),
  };
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
    for (const piece of savedNightsByPeriod(registered, view.terms, measuredAt)) {
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
  return { period, status: 'posted', amount: posted, pending: live - posted };
}

function shown({ period, status, amount, pending }: PeriodSavingsPence): PeriodSavings {
  return { period, status, amount: formatPence(amount), pendingAdjustment: formatPence(pending) };
}

/**
 * Cases that were repatriated or had savings posted, in referral order, each with its periods
 * that have a saving or a pending adjustment. Added up in pence, formatted once.
 */
function savingsByCase(grid: SavingsGrid, view: AgreementView, window: AsOfWindow): CaseSavings[] {
  return view.cases
    .filter((c) => c.repatriations.length > 0 || grid.posted.has(c.caseId))
    .map((registered) => {
      const periods: PeriodSavings[] = [];
      let total = 0n;
      for (const period of window.periods) {
        const row = periodSavingsPence(grid, view, window, period, registered.caseId);
        if (row.amount === 0n && row.pending === 0n) continue;
        total += row.amount + row.pending;
        periods.push(shown(row));
      }
      return {
        caseId: registered.caseId,
        serviceLine: registered.serviceLine,
        repatriations: registered.repatriations.map((r) => ({
          repatriationDate: r.repatriationDate,
          outOfAreaPlacementId: r.outOfAreaPlacementId,
          inAreaPlacementId: r.inAreaPlacementId,
          outOfAreaDailyRate: r.outOfAreaDailyRate,
        })),
        periods,
        total: formatPence(total),
      };
    });
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
