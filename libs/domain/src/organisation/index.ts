export type { NameOrganisation, OrganisationCommand } from './organisation.commands';
export {
  ORGANISATION_EVENT_VERSIONS,
  organisationStreamId,
  type OrganisationEvent,
  type OrganisationNamed,
} from './organisation.events';
export {
  ORGANISATION_ERRORS,
  organisationErrors,
  type OrganisationErrorCode,
  type OrganisationRejection,
} from './organisation.errors';
export {
  MAX_ORGANISATION_NAME_LENGTH,
  isOrganisationName,
  normaliseOrganisationName,
  organisationNameErrors,
  organisationNameProblem,
} from './organisation-name';
export {
  evolveOrganisation,
  initialOrganisationState,
  nameInForceOn,
  type OrganisationNaming,
  type OrganisationState,
} from './organisation.state';
export {
  decideCarriedName,
  decideNameOrganisation,
  decideOrganisation,
  organisationDecider,
} from './organisation.decider';
