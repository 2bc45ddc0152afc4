import { isCalendarDate, type CalendarDate } from '../calendar/calendar-date';
import { isOdsCode } from '../identifiers/ods-code';
import type { Decider } from '../shared/decider';
import type { FieldError } from '../shared/domain-error';
import type { NameOrganisation, OrganisationCommand } from './organisation.commands';
import { organisationErrors } from './organisation.errors';
import type { OrganisationEvent, OrganisationNamed } from './organisation.events';
import { normaliseOrganisationName, organisationNameErrors } from './organisation-name';
import {
  evolveOrganisation,
  initialOrganisationState,
  nameInForceOn,
  type OrganisationState,
} from './organisation.state';

function namingErrors(data: NameOrganisation['data']): FieldError[] {
  return [
    ...(isOdsCode(data.odsCode)
      ? []
      : [{ field: 'odsCode', message: 'must be an ODS code: 3 to 6 uppercase letters or digits' }]),
    ...organisationNameErrors('name', data.name),
    ...(isCalendarDate(data.effectiveFrom)
      ? []
      : [{ field: 'effectiveFrom', message: 'must be a real calendar date written YYYY-MM-DD' }]),
  ];
}

const named = (odsCode: string, name: string, effectiveFrom: CalendarDate): OrganisationNamed => ({
  type: 'OrganisationNamed',
  data: { odsCode, name, effectiveFrom },
});

/**
 * Records a name from a date. Every failing field is reported at once. The same name recorded
 * again from the same date (the latest naming for that date already says it) is refused with
 * 409 ORGANISATION.NAME_ALREADY_RECORDED: it would change nothing. Another name from the same
 * date is a correction, and is recorded: the later one wins for that date.
 */
export function decideNameOrganisation(
  { data }: NameOrganisation,
  state: OrganisationState,
): OrganisationNamed[] {
  const errors = namingErrors(data);
  if (errors.length > 0) throw organisationErrors.invalid(errors);
  const name = normaliseOrganisationName(data.name);
  const sameDate = state.namings.filter((n) => n.effectiveFrom === data.effectiveFrom);
  if (sameDate.length > 0 && sameDate[sameDate.length - 1].name === name) {
    throw organisationErrors.nameAlreadyRecorded(data.odsCode, data.effectiveFrom);
  }
  return [named(data.odsCode, name, data.effectiveFrom)];
}

/**
 * A name carried on another write (an agreement's `organisationNames`, a placement's
 * `providerName`), already checked with that write's fields: recorded when it differs from the
 * name in force on `effectiveFrom` (or there is none), nothing when it is already the name
 * then. So sending the same write again, or naming the same trust on next year's agreement,
 * records nothing new, and a write half-done on a store without multi-stream appends completes
 * without naming twice.
 */
export function decideCarriedName(
  odsCode: string,
  rawName: string,
  effectiveFrom: CalendarDate,
  state: OrganisationState,
): OrganisationNamed[] {
  const name = normaliseOrganisationName(rawName);
  if (nameInForceOn(state.namings, effectiveFrom) === name) return [];
  return [named(odsCode, name, effectiveFrom)];
}

export function decideOrganisation(
  command: OrganisationCommand,
  state: OrganisationState,
): OrganisationEvent[] {
  switch (command.type) {
    case 'NameOrganisation':
      return decideNameOrganisation(command, state);
    default: {
      const unhandled: never = command.type;
      throw new Error(`Unhandled organisation command: ${String(unhandled)}`);
    }
  }
}

/** The organisation register's decider: one stream per ODS code. No context is needed. */
export const organisationDecider: Decider<
  OrganisationCommand,
  OrganisationEvent,
  OrganisationState,
  unknown
> = {
  initialState: initialOrganisationState,
  evolve: evolveOrganisation,
  decide: (command, state) => decideOrganisation(command, state),
};
