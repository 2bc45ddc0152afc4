export type {
  AdjustBudget,
  AgreementCommand,
  AllocateBudget,
  ClosePeriod,
  CommitReinvestment,
  CreateAgreement,
  PhasingProfile,
  RestatedPeriod,
  VireBudget,
} from './agreement.commands';
export type { AgreementDecisionContext, PredecessorContext } from './agreement.context';
export { agreementDecider, decideAgreement } from './agreement.decider';
export {
  AGREEMENT_ERRORS,
  agreementErrors,
  type AgreementErrorCode,
  type AgreementRejection,
} from './agreement.errors';
export {
  AGREEMENT_EVENT_VERSIONS,
  adjustmentsOf,
  priorYearAdjustmentsOf,
  agreementStreamId,
  type AgreementCreated,
  type AgreementEvent,
  type BudgetAdjusted,
  type BudgetAllocated,
  type BudgetVired,
  type PeriodClosed,
  type PhasedAmount,
  type PriorPeriodAdjustments,
  type ReinvestmentCommitted,
  type SavingsBroughtForward,
  type SavingsCarriedForward,
  type SuccessorAgreementCreated,
} from './agreement.events';
export { postingsForAgreementEvent } from './agreement.postings';
export type { PostedFigures, PostedPeriod } from './posted-figures';
export {
  evolveAgreement,
  initialAgreementState,
  isPeriodClosed,
  nextPeriodToClose,
  type AbsentAgreement,
  type ActiveAgreement,
  type AgreementState,
  type AgreementTerms,
} from './agreement.state';
export {
  DEFAULT_SAVINGS_HORIZON_DAYS,
  MAX_SAVINGS_HORIZON_DAYS,
  agreementOrganisationCodes,
  decideSuccessorLink,
} from './decide-create-agreement';
export type { CasePeriodSaving, PlacementPeriodCost } from '../ledger/period-figures';
