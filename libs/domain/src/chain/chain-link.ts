import { addDays } from '../calendar/calendar-date';
import { financialYearEnd, financialYearOf, type FinancialYear } from '../calendar/financial-year';
import type { AgreementTerms } from '../agreement/agreement.state';
import type { DomainError } from '../shared/domain-error';
import { chainErrors } from './chain.errors';

/** The terms a link rule compares: what `AgreementCreated` carries. */
export type LinkTerms = Pick<
  AgreementTerms,
  'agreementId' | 'commissionerCode' | 'leadProviderCode' | 'financialYear' | 'serviceLines'
>;

/** What the application layer knows when an agreement is created with a predecessor. */
export interface ChainLinkInput {
  /** The new agreement's terms, as it would be created (savingsHorizonDays defaulted). */
  successor: LinkTerms;
  /** The id the new agreement names as `predecessorAgreementId`. */
  predecessorAgreementId: string;
  /** The predecessor's terms, or null when no agreement with that id exists. */
  predecessor: LinkTerms | null;
  /** The agreement that already names the predecessor as its own, if any. */
  existingSuccessorAgreementId: string | null;
}

/** The financial year after `year`: 2017/18 → 2018/19. */
export function financialYearAfter(year: FinancialYear): FinancialYear {
  return financialYearOf(addDays(financialYearEnd(year), 1));
}

/**
 * domain.md "Years: chains of agreements": the predecessor must exist, have the same
 * commissioner and the same lead provider, cover the financial year just before, keep every
 * service line in the successor, and have no successor yet. Partners and savingsHorizonDays may
 * change; the successor may add service lines.
 *
 * Returns every refusal that applies, in that order (empty: the link is allowed), so a caller
 * can report them together or throw the first. A missing predecessor gives that refusal alone:
 * there is nothing to compare against.
 */
export function chainLinkRefusals(input: ChainLinkInput): DomainError[] {
  const { successor, predecessor, predecessorAgreementId } = input;
  if (predecessor === null) return [chainErrors.predecessorNotFound(predecessorAgreementId)];
  const refusals: DomainError[] = [];
  if (successor.commissionerCode !== predecessor.commissionerCode) {
    refusals.push(
      chainErrors.commissionerDiffers(
        predecessor.agreementId,
        predecessor.commissionerCode,
        successor.commissionerCode,
      ),
    );
  }
  if (successor.leadProviderCode !== predecessor.leadProviderCode) {
    refusals.push(
      chainErrors.leadProviderDiffers(
        predecessor.agreementId,
        predecessor.leadProviderCode,
        successor.leadProviderCode,
      ),
    );
  }
  const nextYear = financialYearAfter(predecessor.financialYear);
  if (successor.financialYear !== nextYear) {
    refusals.push(
      chainErrors.notTheNextYear(
        predecessor.agreementId,
        predecessor.financialYear,
        nextYear,
        successor.financialYear,
      ),
    );
  }
  const dropped = predecessor.serviceLines.filter((line) => !successor.serviceLines.includes(line));
  if (dropped.length > 0) {
    refusals.push(chainErrors.serviceLinesDropped(predecessor.agreementId, dropped));
  }
  if (input.existingSuccessorAgreementId !== null) {
    refusals.push(
      chainErrors.successorExists(predecessor.agreementId, input.existingSuccessorAgreementId),
    );
  }
  return refusals;
}
