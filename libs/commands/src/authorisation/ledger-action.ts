import type { AgreementCommand, CaseCommand, OrganisationCommand } from '@ledger/domain';

/** Writes are named by the command they carry. */
export type AgreementWriteAction = AgreementCommand['type'];
export type CaseWriteAction = CaseCommand['type'];
/**
 * Writes that span two agreements of a chain (domain.md, "Years: chains of agreements"),
 * decided outside the single-stream agreement decider: the year-end carry-forward.
 */
export type ChainWriteAction = 'CarryForward';
/**
 * Writes to the organisation register (one stream per ODS code), scoped by organisation rather
 * than by agreement: see `authoriseNaming`.
 */
export type OrganisationWriteAction = OrganisationCommand['type'];
export type WriteAction =
  AgreementWriteAction | CaseWriteAction | ChainWriteAction | OrganisationWriteAction;

/**
 * Reads, from the most derived to the rawest:
 * - `ReadSummary`: the current state of one agreement or case (a projection of its stream);
 * - `ReadEventStream`: the raw events of one agreement or case, with their audit metadata;
 * - `ReadGlobalLog`: every event of every agreement, in log order.
 * - `ReadReports`: one agreement's reports (balances, budget, savings, OAP metrics,
 *   statements), folded from the log by the read-model projections.
 */
export type ReadAction = 'ReadSummary' | 'ReadEventStream' | 'ReadGlobalLog' | 'ReadReports';

/**
 * Submitting a bulk import file. The file as a whole only needs a role that can write at all;
 * every line is then authorised as its own command, against its own agreement.
 */
export type ImportAction = 'ImportCommands';

/**
 * Reading the organisation register (`GET /v1/organisations`, `GET /v1/organisations/{odsCode}`):
 * names of organisations, which concern no single agreement, so no scope applies.
 */
export type OrganisationReadAction = 'ReadOrganisations';

export type LedgerAction = WriteAction | ReadAction | ImportAction | OrganisationReadAction;

export const AGREEMENT_WRITE_ACTIONS: readonly AgreementWriteAction[] = [
  'CreateAgreement',
  'AllocateBudget',
  'AdjustBudget',
  'VireBudget',
  'CommitReinvestment',
  'ClosePeriod',
];

export const CASE_WRITE_ACTIONS: readonly CaseWriteAction[] = [
  'RegisterReferral',
  'StartPlacement',
  'ChangePlacementRate',
  'RepatriatePatient',
  'EndPlacement',
  'DischargePatient',
];

export const CHAIN_WRITE_ACTIONS: readonly ChainWriteAction[] = ['CarryForward'];

export const ORGANISATION_WRITE_ACTIONS: readonly OrganisationWriteAction[] = ['NameOrganisation'];

export const READ_ACTIONS: readonly ReadAction[] = [
  'ReadSummary',
  'ReadEventStream',
  'ReadGlobalLog',
  'ReadReports',
];

export const LEDGER_ACTIONS: readonly LedgerAction[] = [
  ...AGREEMENT_WRITE_ACTIONS,
  ...CASE_WRITE_ACTIONS,
  ...CHAIN_WRITE_ACTIONS,
  ...ORGANISATION_WRITE_ACTIONS,
  ...READ_ACTIONS,
  'ImportCommands',
  'ReadOrganisations',
];
