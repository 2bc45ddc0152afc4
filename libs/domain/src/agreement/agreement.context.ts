import type { CalendarDate } from '../calendar/calendar-date';
import type { AgreementTerms } from './agreement.state';

/**
 * What the application layer knows of the predecessor a CreateAgreement names, read from the
 * predecessor's own stream: its terms (null when no such agreement exists) and the successor
 * it already names, if any.
 */
export interface PredecessorContext {
  terms: Pick<
    AgreementTerms,
    'agreementId' | 'commissionerCode' | 'leadProviderCode' | 'financialYear' | 'serviceLines'
  > | null;
  successorAgreementId: string | null;
}

export interface AgreementDecisionContext {
  /** The server's current date. */
  today: CalendarDate;
  /**
   * For a CreateAgreement that names a predecessor: the predecessor as its stream stands.
   * Required then (its absence is a wiring fault); ignored by every other command.
   */
  predecessor?: PredecessorContext;
}
