import type { CalendarDate } from '../calendar/calendar-date';

/**
 * What a case decision needs to know about the agreement the case belongs to. The application
 * layer reads the agreement stream and passes this in, so the case decider stays pure.
 */
export interface AgreementTerms {
  agreementId: string;
  financialYear: string;
  serviceLines: string[];
  leadProviderCode: string;
  partnerProviderCodes: string[];
  savingsHorizonDays: number;
}

export interface CaseDecisionContext {
  /** The server's current date. */
  today: CalendarDate;
  /** The case's agreement (for RegisterReferral: the agreement named in the command), or null if it does not exist. */
  agreement: AgreementTerms | null;
}
