import type { FinancialYear, PeriodId } from '../calendar/financial-year';
import { periodsOf } from '../calendar/financial-year';
import { money, sumMoney, ZERO, type Money, type MoneyString } from '../money/money';
import {
  adjustmentsOf,
  priorYearAdjustmentsOf,
  type AgreementCreated,
  type AgreementEvent,
  type PeriodClosed,
} from './agreement.events';
import type {
  CasePeriodSaving,
  PlacementPeriodCost,
  PriorYearCost,
  PriorYearFigures,
  PriorYearSaving,
} from '../ledger/period-figures';
import { withPostedFigures, type PostedFigures } from './posted-figures';

/** The fixed terms of a delegation agreement, as created. */
export interface AgreementTerms {
  agreementId: string;
  /** ODS code of the commissioner delegating the budget (usually NHS England). */
  commissionerCode: string;
  /** ODS code of the trust that holds the agreement's money and answers for it. */
  leadProviderCode: string;
  /** ODS codes of the member trusts that run in-area services. */
  partnerProviderCodes: string[];
  /** The one financial year the agreement covers, e.g. `2025/26`. */
  financialYear: FinancialYear;
  /** The budget lines, e.g. `adult-medium-secure`; every movement names one of these. */
  serviceLines: string[];
  /** Nights after a repatriation during which avoided cost counts as a saving. */
  savingsHorizonDays: number;
}

/** Before `AgreementCreated`: only CreateAgreement is accepted. */
export interface AbsentAgreement {
  exists: false;
}

/** A created agreement, as far as the decider needs it to judge the next command. */
export interface ActiveAgreement {
  exists: true;
  terms: AgreementTerms;
  /**
   * Periods closed so far, oldest first. Periods close in order, so this is always the first
   * n periods of the year (M01..Mn); budget movements may not be dated in any of them.
   */
  closedPeriods: PeriodId[];
  /**
   * The `savings:retained` balance: savings recognised by period closes (negative savings
   * included) minus reinvestment commitments. A commitment may never take it below zero,
   * though a negative saving (a cost pressure) may.
   */
  retainedSavings: Money;
  /**
   * Per closed period, what has been posted for it so far (its close and every prior-period
   * adjustment since), netted per placement and per case: a later close posts the difference
   * between these and the period's restated figures.
   */
  postedFigures: PostedFigures;
  /**
   * Ids of the budget movements and reinvestment commitments recorded so far, newest first.
   * An id names one business fact for good, so it may be recorded only once. A persistent
   * list: each event adds one link and shares the rest, so folding a long stream stays linear.
   */
  recordedIds: RecordedId | null;
  /** The agreement this one follows in its chain, or null (domain.md, "Years: chains of agreements"). */
  predecessorAgreementId: string | null;
  /** The agreement that follows this one, once created: an agreement has at most one. */
  successorAgreementId: string | null;
  /**
   * Prior-year adjustments this agreement has posted for earlier agreements of its chain,
   * by the agreement they belong to, netted per period as `postedFigures` is. Kept apart from
   * `postedFigures`: they are money on this agreement's accounts, but figures of another's
   * periods. A close of the chain adds them to that agreement's own closes to find what has
   * been posted for its periods so far (`priorYearAdjustments`' `postedElsewhere`).
   */
  priorYearPosted: Record<string, PostedFigures>;
  /** Its year-end carry-forward to its successor, once recorded. */
  carriedForward: { successorAgreementId: string; amount: MoneyString } | null;
  /** The carry-forward it received from its predecessor, once recorded. */
  broughtForward: { predecessorAgreementId: string; amount: MoneyString; period: PeriodId } | null;
}

/** One link of the list of recorded ids, e.g. `allocation:alloc-1`. */
export interface RecordedId {
  key: string;
  earlier: RecordedId | null;
}

/** The kinds of fact whose ids must be unique within an agreement. */
export type RecordedIdKind = 'allocation' | 'adjustment' | 'virement' | 'commitment';

export function hasRecordedId(state: ActiveAgreement, kind: RecordedIdKind, id: string): boolean {
  const key = `${kind}:${id}`;
  for (let link = state.recordedIds; link !== null; link = link.earlier) {
    if (link.key === key) return true;
  }
  return false;
}

function withRecordedId(state: ActiveAgreement, kind: RecordedIdKind, id: string): ActiveAgreement {
  return { ...state, recordedIds: { key: `${kind}:${id}`, earlier: state.recordedIds } };
}

export type AgreementState = AbsentAgreement | ActiveAgreement;

export const initialAgreementState = (): AgreementState => ({ exists: false });

/** The period that must close next, or null once M12 has closed. */
export function nextPeriodToClose(state: ActiveAgreement): PeriodId | null {
  return periodsOf(state.terms.financialYear)[state.closedPeriods.length] ?? null;
}

export function isPeriodClosed(state: ActiveAgreement, period: PeriodId): boolean {
  return state.closedPeriods.includes(period);
}

function created({ data }: AgreementCreated): ActiveAgreement {
  return {
    exists: true,
    terms: {
      agreementId: data.agreementId,
      commissionerCode: data.commissionerCode,
      leadProviderCode: data.leadProviderCode,
      partnerProviderCodes: [...data.partnerProviderCodes],
      financialYear: data.financialYear,
      serviceLines: [...data.serviceLines],
      savingsHorizonDays: data.savingsHorizonDays,
    },
    closedPeriods: [],
    retainedSavings: ZERO,
    postedFigures: {},
    recordedIds: null,
    // A version 1 event has no predecessor (the upcaster says null; a raw one says nothing).
    predecessorAgreementId: data.predecessorAgreementId ?? null,
    successorAgreementId: null,
    priorYearPosted: {},
    carriedForward: null,
    broughtForward: null,
  };
}

/** Adds a close's prior-year adjustments to what has been posted for each agreement they belong to. */
function withPriorYearPosted(
  posted: Record<string, PostedFigures>,
  figures: PriorYearFigures,
): Record<string, PostedFigures> {
  if (figures.costs.length === 0 && figures.savings.length === 0) return posted;
  const next = { ...posted };
  const owners = new Set([
    ...figures.costs.map((c) => c.belongsToAgreementId),
    ...figures.savings.map((s) => s.belongsToAgreementId),
  ]);
  for (const owner of owners) {
    const costs = figures.costs.filter((c) => c.belongsToAgreementId === owner).map(plainCost);
    const savings = figures.savings
      .filter((s) => s.belongsToAgreementId === owner)
      .map(plainSaving);
    next[owner] = withPostedFigures(
      Object.hasOwn(posted, owner) ? posted[owner] : {},
      costs,
      savings,
    );
  }
  return next;
}

const plainCost = ({ belongsToAgreementId: _, ...cost }: PriorYearCost): PlacementPeriodCost =>
  cost;
const plainSaving = ({ belongsToAgreementId: _, ...saving }: PriorYearSaving): CasePeriodSaving =>
  saving;

function periodClosed(state: ActiveAgreement, { data }: PeriodClosed): ActiveAgreement {
  const adjustments = adjustmentsOf(data);
  const priorYear = priorYearAdjustmentsOf(data);
  const savings = [...data.recognisedSavings, ...adjustments.savings];
  // A saving adjustment moves savings:retained as any saving does, whatever period it belongs
  // to; a prior-year one too, on this agreement's savings:retained.
  const retained = [...savings, ...priorYear.savings].map((s) => money(s.amount));
  return {
    ...state,
    closedPeriods: [...state.closedPeriods, data.period],
    retainedSavings: state.retainedSavings.plus(sumMoney(retained)),
    priorYearPosted: withPriorYearPosted(state.priorYearPosted, priorYear),
    postedFigures: withPostedFigures(
      state.postedFigures,
      [...data.accruedCosts, ...adjustments.costs],
      savings,
    ),
  };
}

/**
 * Folds one event into the state. Total and pure: it never throws and never mutates, so any
 * stored history replays. Events that cannot happen in a stream the decider wrote (a fact
 * before creation, a second creation) leave the state as it is.
 */
export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  if (!state.exists) return event.type === 'AgreementCreated' ? created(event) : state;
  switch (event.type) {
    case 'AgreementCreated':
      return state;
    // A carry-forward moves the whole savings:retained balance (domain.md): out of the old
    // year, into the new, where it may be reinvested.
    case 'SavingsCarriedForward':
      return state.carriedForward === null
        ? {
            ...state,
            retainedSavings: state.retainedSavings.minus(money(event.data.amount)),
            carriedForward: {
              successorAgreementId: event.data.successorAgreementId,
              amount: event.data.amount,
            },
          }
        : state;
    case 'SavingsBroughtForward':
      return state.broughtForward === null
        ? {
            ...state,
            retainedSavings: state.retainedSavings.plus(money(event.data.amount)),
            broughtForward: {
              predecessorAgreementId: event.data.predecessorAgreementId,
              amount: event.data.amount,
              period: event.data.period,
            },
          }
        : state;
    case 'SuccessorAgreementCreated':
      // The decider links a successor once; a second link in a stream it wrote cannot happen.
      return state.successorAgreementId === null
        ? { ...state, successorAgreementId: event.data.successorAgreementId }
        : state;
    // Budget lines may go negative (overspend is flagged, never refused), so the decider
    // needs no budget balances: only the ids, to keep each movement recorded once.
    case 'BudgetAllocated':
      return withRecordedId(state, 'allocation', event.data.allocationId);
    case 'BudgetAdjusted':
      return withRecordedId(state, 'adjustment', event.data.adjustmentId);
    case 'BudgetVired':
      return withRecordedId(state, 'virement', event.data.virementId);
    case 'ReinvestmentCommitted':
      return {
        ...withRecordedId(state, 'commitment', event.data.commitmentId),
        retainedSavings: state.retainedSavings.minus(money(event.data.amount)),
      };
    case 'PeriodClosed':
      return periodClosed(state, event);
  }
}
