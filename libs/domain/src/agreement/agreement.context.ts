import type { CalendarDate } from '../calendar/calendar-date';

export interface AgreementDecisionContext {
  /** The server's current date. */
  today: CalendarDate;
}
