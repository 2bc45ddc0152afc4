/**
 * Events of an organisation's stream (`organisation-<odsCode>`): the organisation register
 * (domain.md, "Words": a provider is named by its ODS code). Type names are literal and stable.
 * The schema version of each event lives in its metadata (see ORGANISATION_EVENT_VERSIONS).
 */
import type { CalendarDate } from '../calendar/calendar-date';

/**
 * A name recorded for the organisation with an ODS code, in force from `effectiveFrom` until
 * the next naming with a later `effectiveFrom`. Nothing is overwritten: a renamed trust keeps
 * its old name for the dates before the new one takes effect, and a second naming with the
 * same `effectiveFrom` (a correction) wins for that date because it was recorded later.
 */
export interface OrganisationNamed {
  type: 'OrganisationNamed';
  data: {
    odsCode: string;
    /** Trimmed, 1 to 160 characters. */
    name: string;
    effectiveFrom: CalendarDate;
  };
}

export type OrganisationEvent = OrganisationNamed;

export const ORGANISATION_EVENT_VERSIONS: Record<OrganisationEvent['type'], number> = {
  OrganisationNamed: 1,
};

export const organisationStreamId = (odsCode: string): string => `organisation-${odsCode}`;
