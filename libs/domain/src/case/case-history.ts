import { minDate, type CalendarDate } from '../calendar/calendar-date';
import type { PeriodId } from '../calendar/financial-year';
import { ZERO, type Money } from '../money/money';
import type { AgreementTerms } from './case.context';
import type { CaseEvent } from './case.events';
import { evolveCase, initialCaseState, type CaseState, type RegisteredCase } from './case.state';
import { financialYearNights, type NightRange } from './night-range';

/** A case as the cost and savings rules accept it: its folded state, or its events in order. */
export type CaseHistory = CaseState | readonly CaseEvent[];

export function caseStateOf(history: CaseHistory): CaseState {
  if ('status' in history) return history;
  return history.reduce(evolveCase, initialCaseState());
}

/**
 * The registered case whose figures an agreement asks for, or null for a case with no
 * referral yet. Asking one agreement for another agreement's case is a wiring fault.
 */
export function caseUnderAgreement(
  history: CaseHistory,
  terms: AgreementTerms,
): RegisteredCase | null {
  const state = caseStateOf(history);
  if (state.status === 'unregistered') return null;
  if (state.agreementId !== terms.agreementId) {
    throw new Error(
      `Case ${state.caseId} belongs to agreement ${state.agreementId}, not ${terms.agreementId}`,
    );
  }
  return state;
}

/**
 * The nights an agreement can count at a measuring date: inside its financial year, and
 * strictly before the measuring date (tonight has not been spent yet).
 */
export function countableNights(
  terms: Pick<AgreementTerms, 'financialYear'>,
  measuredAt: CalendarDate,
): NightRange {
  const year = financialYearNights(terms.financialYear);
  return { from: year.from, until: minDate(year.until, measuredAt) };
}

export interface PeriodTotal {
  period: PeriodId;
  nights: number;
  amount: Money;
}

/** Running totals of nights and money per period, read back in period order. */
export class PeriodTotals {
  private readonly byPeriod = new Map<PeriodId, PeriodTotal>();

  add(period: PeriodId, nights: number, amount: Money): void {
    const total = this.byPeriod.get(period) ?? { period, nights: 0, amount: ZERO };
    this.byPeriod.set(period, {
      period,
      nights: total.nights + nights,
      amount: total.amount.plus(amount),
    });
  }

  /** Periods with at least one night, earliest first. */
  inPeriodOrder(): PeriodTotal[] {
    return [...this.byPeriod.values()]
      .filter((total) => total.nights > 0)
      .sort((a, b) => (a.period < b.period ? -1 : 1));
  }
}
