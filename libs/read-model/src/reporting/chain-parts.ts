import {
  financialYearAfter,
  financialYearEnd,
  formatPounds,
  lastAgreement,
  money,
  uncoveredCaseFigures,
  addDays,
  type CalendarDate,
  type PeriodId,
  type RegisteredCase,
} from '@ledger/domain';
import type { AgreementView } from '../cases/case-timelines.projection';
import type { LedgerPosting } from '../ledger/ledger-events';
import { formatPence, penceOf, type Pence } from '../ledger/pence';

/**
 * The parts of a report of one agreement that come from its chain (domain.md, "Years: chains
 * of agreements"): which chain it is in as known at the report's knowledge point, the nights
 * after the chain's last 31 March that no agreement covers yet, and the prior-year adjustments
 * between its agreements.
 */

/** One agreement of the chain, as the report names it. */
export interface ChainMemberSummary {
  agreementId: string;
  financialYear: string;
}

/** The chain a report's agreement belongs to, as known at the report's knowledge point. */
export interface ChainSummary {
  /** Oldest first; the report's own agreement among them. */
  agreements: ChainMemberSummary[];
  predecessorAgreementId: string | null;
  /** Null while no successor has been created (as known then): the agreement is the last. */
  successorAgreementId: string | null;
}

export function chainSummaryOf(view: AgreementView): ChainSummary {
  const agreements = view.chain.agreements.map((terms) => ({
    agreementId: terms.agreementId,
    financialYear: terms.financialYear,
  }));
  const at = agreements.findIndex((a) => a.agreementId === view.terms.agreementId);
  return {
    agreements,
    predecessorAgreementId: agreements[at - 1]?.agreementId ?? null,
    successorAgreementId: agreements[at + 1]?.agreementId ?? null,
  };
}

export const UNCOVERED_NIGHTS = 'CHAIN.UNCOVERED_NIGHTS';

/** One case's uncovered nights. */
export interface UncoveredCaseNights {
  caseId: string;
  serviceLine: string;
  /** The agreement the case was registered under (any agreement of the chain). */
  registeredUnder: string;
  bedDays: number;
  /** What they would cost, each night at the rate in force that night. */
  amount: string;
}

/**
 * Nights after the end of the chain's last agreement, charged nowhere yet: shown as a warning
 * in that agreement's reports. They become ordinary nights of the next year once its agreement
 * is created naming this one as predecessor.
 */
export interface UncoveredNightsWarning {
  code: typeof UNCOVERED_NIGHTS;
  /** What is wrong and what to do, for people. */
  message: string;
  /** The first uncovered night: the day after the last agreement's 31 March. */
  from: CalendarDate;
  /** The last night counted: the as-of date if after the year end, else today (UK date). */
  through: CalendarDate;
  /** The financial year whose agreement would cover them. */
  nextFinancialYear: string;
  bedDays: number;
  amount: string;
  /** Cases with an uncovered night, in referral order. */
  byCase: UncoveredCaseNights[];
}

/** A report's warnings: each has a stable code and words saying what to do. */
export type ReportWarning = UncoveredNightsWarning;

/**
 * The uncovered-nights warning of a report of the chain's last agreement, over `cases` (the
 * chain's cases the report covers), or null: the agreement has a successor (as known), or no
 * case has an uncovered night through the date counted. Nights are counted through `asOf` when
 * it is after the year end, else through `today` (the clock's UK date; without it, `asOf`).
 */
export function uncoveredNightsWarning(
  view: AgreementView,
  cases: readonly RegisteredCase[],
  asOf: CalendarDate,
  today: CalendarDate = asOf,
): UncoveredNightsWarning | null {
  const last = lastAgreement(view.chain);
  if (last.agreementId !== view.terms.agreementId) return null;
  const yearEnd = financialYearEnd(last.financialYear);
  const through = asOf > yearEnd ? asOf : today;
  if (through <= yearEnd) return null;
  const measuredAt = addDays(through, 1);
  const byCase: UncoveredCaseNights[] = [];
  let bedDays = 0;
  let amount: Pence = 0n;
  for (const registered of cases) {
    const figures = uncoveredCaseFigures(registered, view.chain, measuredAt);
    if (figures.bedDays === 0) continue;
    bedDays += figures.bedDays;
    amount += penceOf(figures.amount);
    byCase.push({
      caseId: registered.caseId,
      serviceLine: registered.serviceLine,
      registeredUnder: registered.agreementId,
      bedDays: figures.bedDays,
      amount: figures.amount,
    });
  }
  if (bedDays === 0) return null;
  const from = addDays(yearEnd, 1);
  const nextFinancialYear = financialYearAfter(last.financialYear);
  const total = formatPence(amount);
  return {
    code: UNCOVERED_NIGHTS,
    message:
      `${bedDays} ${bedDays === 1 ? 'night' : 'nights'} from ${from} through ${through}, after the ` +
      `end of ${last.agreementId} (${last.financialYear}, the last agreement of its chain), are ` +
      `charged to no agreement; at the rates in force they would cost ${formatPounds(money(total))}. ` +
      `Create the ${nextFinancialYear} agreement naming ${last.agreementId} as its ` +
      `predecessorAgreementId (POST /v1/agreements) to charge them to its year.`,
    from,
    through,
    nextFinancialYear,
    bedDays,
    amount: total,
    byCase,
  };
}

/** Money and where a prior-year adjustment belongs and was posted. */
export interface PriorYearKey {
  /** The closed agreement the fact belongs to. */
  belongsToAgreementId: string;
  /** Its period the fact belongs to. */
  period: PeriodId;
  /** The agreement that posted it, on its own accounts. */
  postedByAgreementId: string;
  /** The period of that agreement it was posted in. */
  postedIn: PeriodId;
}

/** The key of a prior-year posting, as text, for grouping. */
export function priorYearKeyOf(posting: LedgerPosting): string {
  return `${posting.belongsToAgreementId ?? ''}|${posting.period}|${posting.agreementId}|${posting.postedIn}`;
}

export function priorYearKeyParts(posting: LedgerPosting): PriorYearKey {
  return {
    belongsToAgreementId: posting.belongsToAgreementId ?? '',
    period: posting.period,
    postedByAgreementId: posting.agreementId,
    postedIn: posting.postedIn,
  };
}

/** Orders prior-year figures by the period they belong to, then the period posted in. */
export function comparePriorYear(a: PriorYearKey, b: PriorYearKey): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    text(a.period, b.period) ||
    text(a.belongsToAgreementId, b.belongsToAgreementId) ||
    text(a.postedIn, b.postedIn) ||
    text(a.postedByAgreementId, b.postedByAgreementId)
  );
}
