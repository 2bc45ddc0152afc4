import type { CalendarDate } from '../calendar/calendar-date';

/**
 * Records a name for an organisation from a date (`POST /v1/organisations/{odsCode}/names`).
 * The name arrives as the caller typed it; the decider trims it and checks every rule, because
 * commands also come from bulk import files, not only from validated HTTP bodies.
 */
export interface NameOrganisation {
  type: 'NameOrganisation';
  data: {
    odsCode: string;
    name: string;
    effectiveFrom: CalendarDate;
  };
}

export type OrganisationCommand = NameOrganisation;
