export type {
  CaseCommand,
  ChangePlacementRate,
  DischargePatient,
  EndPlacement,
  RegisterReferral,
  RepatriatePatient,
  StartPlacement,
} from './case.commands';
export type {
  CaseEvent,
  InAreaPlacementDetails,
  PatientDischarged,
  PatientRepatriated,
  PlacementEnded,
  PlacementRateChanged,
  PlacementSetting,
  PlacementStarted,
  ReferralRegistered,
} from './case.events';
export { CASE_EVENT_VERSIONS, caseStreamId } from './case.events';
// Exported under a case-specific name: the agreement context has its own, larger AgreementTerms.
export type { AgreementTerms as CaseAgreementTerms, CaseDecisionContext } from './case.context';
export type {
  CasePlacement,
  CaseRepatriation,
  CaseState,
  RegisteredCase,
  UnregisteredCase,
} from './case.state';
export { evolveCase, findPlacement, initialCaseState, openPlacement } from './case.state';
export type { RateChange } from './rate-timeline';
export { rateOn } from './rate-timeline';
export { caseDecider, decideCase } from './case.decider';
export type { CaseErrorCode, CaseFieldError } from './case.errors';
export { CASE_ERRORS, caseError } from './case.errors';
export { PSEUDONYM_PATTERN } from './field-checks';
export type { CaseHistory } from './case-history';
export { caseStateOf } from './case-history';
export type { RatedNights } from './placement-costs';
export {
  placementCostsByPeriod,
  ratedNightsByPeriod,
  registeredRatedNights,
} from './placement-costs';
export type { SavedNights, SavingsAttribution } from './repatriation-savings';
export {
  recognisedSavingsByPeriod,
  savedNightsByPeriod,
  savingsAttributions,
} from './repatriation-savings';
