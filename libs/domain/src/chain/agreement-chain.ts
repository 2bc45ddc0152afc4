import { addDays, type CalendarDate } from '../calendar/calendar-date';
import {
  financialYearEnd,
  financialYearStart,
  isWithinFinancialYear,
  periodsOf,
  type PeriodId,
} from '../calendar/financial-year';
import type { AgreementTerms } from '../agreement/agreement.state';
import type { DomainError } from '../shared/domain-error';
import { chainErrors } from './chain.errors';
import { chainLinkRefusals } from './chain-link';

/**
 * A chain of agreements (domain.md, "Years: chains of agreements"): agreements linked by
 * `predecessorAgreementId`, oldest first, each covering the financial year after the one
 * before, with the same commissioner and lead provider, each keeping its predecessor's
 * service lines. A case registered under any of them belongs to the whole chain.
 */
export interface AgreementChain {
  /** Oldest first; never empty. */
  readonly agreements: readonly AgreementTerms[];
}

/** One period of one agreement of a chain. */
export interface ChainPeriod {
  agreementId: string;
  period: PeriodId;
}

/**
 * Each agreement's closed periods, by agreement id (`ActiveAgreement.closedPeriods`). An
 * agreement left out has closed nothing.
 */
export type ClosedPeriods = ReadonlyMap<string, readonly PeriodId[]>;

/**
 * Builds a chain from its agreements' terms, oldest first. The link rules were checked when
 * each successor was created, so a list that breaks them is a wiring fault and throws.
 */
export function agreementChain(agreements: readonly AgreementTerms[]): AgreementChain {
  if (agreements.length === 0) throw new Error('A chain holds at least one agreement');
  for (let i = 1; i < agreements.length; i += 1) {
    const refusals = chainLinkRefusals({
      successor: agreements[i],
      predecessorAgreementId: agreements[i - 1].agreementId,
      predecessor: agreements[i - 1],
      existingSuccessorAgreementId: null,
    });
    if (refusals.length > 0) {
      throw new Error(
        `Agreements ${agreements[i - 1].agreementId} and ${agreements[i].agreementId} do not form a chain: ${refusals.map((r) => r.message).join('; ')}`,
      );
    }
  }
  return { agreements: [...agreements] };
}

/** The chain's agreement with this id, or null when it is not one of the chain's. */
export function chainAgreement(chain: AgreementChain, agreementId: string): AgreementTerms | null {
  return chain.agreements.find((terms) => terms.agreementId === agreementId) ?? null;
}

/** The agreement whose year holds the date, or null: the date is uncovered (or before the chain). */
export function agreementHolding(chain: AgreementChain, date: CalendarDate): AgreementTerms | null {
  return chain.agreements.find((terms) => isWithinFinancialYear(date, terms.financialYear)) ?? null;
}

export function firstAgreement(chain: AgreementChain): AgreementTerms {
  return chain.agreements[0];
}

export function lastAgreement(chain: AgreementChain): AgreementTerms {
  return chain.agreements[chain.agreements.length - 1];
}

/** The first date of the chain's first year. */
export function chainStart(chain: AgreementChain): CalendarDate {
  return financialYearStart(firstAgreement(chain).financialYear);
}

/** The first uncovered night: the day after the last agreement's 31 March. */
export function uncoveredFrom(chain: AgreementChain): CalendarDate {
  return addDays(financialYearEnd(lastAgreement(chain).financialYear), 1);
}

/**
 * The agreement a case fact dated `date` is authorised against: the one whose year holds it,
 * or, for a date beyond the chain's last agreement (or before its first), the last agreement.
 */
export function authorisingAgreement(chain: AgreementChain, date: CalendarDate): AgreementTerms {
  return agreementHolding(chain, date) ?? lastAgreement(chain);
}

/**
 * The savings horizon, in nights, of a repatriation on D: the horizon of the agreement whose
 * year holds D. While no agreement of the chain holds D, the last agreement's stands in; once
 * the agreement holding D is created (and the chain rebuilt with it), its own applies.
 */
export function horizonInForce(chain: AgreementChain, repatriationDate: CalendarDate): number {
  return authorisingAgreement(chain, repatriationDate).savingsHorizonDays;
}

/**
 * The earliest period of the chain not yet closed, or null when every period of every
 * agreement is closed (a late fact's prior-year adjustment then waits: "pending").
 */
export function earliestOpenPeriod(
  chain: AgreementChain,
  closed: ClosedPeriods,
): ChainPeriod | null {
  for (const terms of chain.agreements) {
    const closedHere = closed.get(terms.agreementId) ?? [];
    const open = periodsOf(terms.financialYear).find((period) => !closedHere.includes(period));
    if (open !== undefined) return { agreementId: terms.agreementId, period: open };
  }
  return null;
}

/**
 * The period that closes next along the chain: periods close in order, M01 to M12, and the
 * successor's M01 only after the predecessor's M12, so it is the earliest open period.
 */
export function nextPeriodToCloseAlongChain(
  chain: AgreementChain,
  closed: ClosedPeriods,
): ChainPeriod | null {
  return earliestOpenPeriod(chain, closed);
}

/**
 * The chain's refusal of a close of `period` in `agreementId`, or null. Only the order along
 * the chain is judged here: an agreement after the one holding the earliest open period may
 * not close anything yet. Order within one agreement, ends of periods and repeated closes stay
 * the agreement decider's rules (PERIOD.CLOSE_OUT_OF_ORDER, PERIOD.NOT_ENDED, …).
 */
export function chainCloseRefusal(
  chain: AgreementChain,
  closed: ClosedPeriods,
  agreementId: string,
  period: PeriodId,
): DomainError | null {
  const at = chain.agreements.findIndex((terms) => terms.agreementId === agreementId);
  if (at < 0) throw new Error(`Agreement ${agreementId} is not in the chain`);
  const open = earliestOpenPeriod(chain, closed);
  if (open === null) return null;
  const openAt = chain.agreements.findIndex((terms) => terms.agreementId === open.agreementId);
  return at > openAt
    ? chainErrors.predecessorYearOpen(agreementId, period, open.agreementId, open.period)
    : null;
}

/** Whether the agreement's M12 is closed: its year is closed. */
export function isYearClosed(terms: AgreementTerms, closedPeriods: readonly PeriodId[]): boolean {
  return periodsOf(terms.financialYear).every((period) => closedPeriods.includes(period));
}

/** The agreement after `agreementId` in the chain, or null. */
export function successorOf(chain: AgreementChain, agreementId: string): AgreementTerms | null {
  const at = chain.agreements.findIndex((terms) => terms.agreementId === agreementId);
  return at < 0 ? null : (chain.agreements[at + 1] ?? null);
}
