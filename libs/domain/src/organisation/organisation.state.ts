import type { CalendarDate } from '../calendar/calendar-date';
import type { OrganisationEvent } from './organisation.events';

/** One naming, as recorded. */
export interface OrganisationNaming {
  name: string;
  effectiveFrom: CalendarDate;
}

/** An organisation's stream folded: every naming, in the order recorded. */
export interface OrganisationState {
  /** Null until the first naming. */
  odsCode: string | null;
  namings: readonly OrganisationNaming[];
}

export const initialOrganisationState = (): OrganisationState => ({ odsCode: null, namings: [] });

export function evolveOrganisation(
  state: OrganisationState,
  event: OrganisationEvent,
): OrganisationState {
  switch (event.type) {
    case 'OrganisationNamed':
      return {
        odsCode: event.data.odsCode,
        namings: [
          ...state.namings,
          { name: event.data.name, effectiveFrom: event.data.effectiveFrom },
        ],
      };
    default: {
      const unhandled: never = event.type;
      throw new Error(`Unhandled organisation event: ${String(unhandled)}`);
    }
  }
}

/**
 * The name in force on `date`: the naming with the latest `effectiveFrom` on or before it; of
 * several with that `effectiveFrom`, the one recorded last (a correction). Null when none
 * takes effect by then. `namings` are in the order recorded.
 */
export function nameInForceOn(
  namings: readonly OrganisationNaming[],
  date: CalendarDate,
): string | null {
  let found: OrganisationNaming | null = null;
  for (const naming of namings) {
    if (naming.effectiveFrom > date) continue;
    if (found === null || naming.effectiveFrom >= found.effectiveFrom) found = naming;
  }
  return found?.name ?? null;
}
