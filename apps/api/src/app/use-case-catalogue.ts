import { AdjustBudgetController } from '../agreements/adjust-budget/adjust-budget.controller';
import { AllocateBudgetController } from '../agreements/allocate-budget/allocate-budget.controller';
import { CarryForwardController } from '../agreements/carry-forward/carry-forward.controller';
import { ClosePeriodController } from '../agreements/close-period/close-period.controller';
import { ClosePeriodsThroughHandler } from '../agreements/close-period/close-periods-through.handler';
import { CommitReinvestmentController } from '../agreements/commit-reinvestment/commit-reinvestment.controller';
import { CreateAgreementController } from '../agreements/create-agreement/create-agreement.controller';
import { ListAgreementsController } from '../agreements/list-agreements/list-agreements.controller';
import { ListAgreementsHandler } from '../agreements/list-agreements/list-agreements.handler';
import { ReadAgreementController } from '../agreements/read-agreement/read-agreement.controller';
import { VireBudgetController } from '../agreements/vire-budget/vire-budget.controller';
import { ChangePlacementRateController } from '../cases/change-placement-rate/change-placement-rate.controller';
import { DischargePatientController } from '../cases/discharge-patient/discharge-patient.controller';
import { EndPlacementController } from '../cases/end-placement/end-placement.controller';
import { ListCasesController } from '../cases/list-cases/list-cases.controller';
import { ListCasesHandler } from '../cases/list-cases/list-cases.handler';
import { ReadCaseController } from '../cases/read-case/read-case.controller';
import { RegisterReferralController } from '../cases/register-referral/register-referral.controller';
import { RepatriatePatientController } from '../cases/repatriate-patient/repatriate-patient.controller';
import { StartPlacementController } from '../cases/start-placement/start-placement.controller';
import { HealthController } from '../health/health.controller';
import { ReadinessController } from '../health/readiness.controller';
import { ImportCommandsController } from '../imports/import-commands/import-commands.controller';
import { ReadBalancesController } from '../reports/read-balances/read-balances.controller';
import { ReadBudgetController } from '../reports/read-budget/read-budget.controller';
import { ReadChainReportController } from '../reports/read-chain-report/read-chain-report.controller';
import { ReadManagementAccountsController } from '../reports/read-management-accounts/read-management-accounts.controller';
import { ReadManagementAccountsHandler } from '../reports/read-management-accounts/read-management-accounts.handler';
import { ReadOapMetricsController } from '../reports/read-oap-metrics/read-oap-metrics.controller';
import { ReadSavingsController } from '../reports/read-savings/read-savings.controller';
import { ReadStatementController } from '../reports/read-statement/read-statement.controller';
import { ReadGlobalLogController } from '../ledger-log/read-global-log/read-global-log.controller';
import {
  ReadAgreementEventsHandler,
  ReadAgreementSummaryHandler,
} from '../agreements/read-agreement/read-agreement.handler';
import {
  ReadCaseEventsHandler,
  ReadCaseSummaryHandler,
} from '../cases/read-case/read-case.handler';
import { ImportLedgerCommandsHandler } from '../imports/import-commands/import-commands.handler';
import { ReadGlobalLogHandler } from '../ledger-log/read-global-log/read-global-log.handler';
import { ReadEventHandler } from '../ledger-log/read-event/read-event.handler';
import { SearchLogHandler } from '../ledger-log/search-log/search-log.handler';
import { VerifyLogHandler } from '../ledger-log/verify-log/verify-log.handler';
import { ReadBalancesHandler } from '../reports/read-balances/read-balances.handler';
import { ReadBudgetHandler } from '../reports/read-budget/read-budget.handler';
import { ReadChainReportHandler } from '../reports/read-chain-report/read-chain-report.handler';
import { ReadOapMetricsHandler } from '../reports/read-oap-metrics/read-oap-metrics.handler';
import { ReadSavingsHandler } from '../reports/read-savings/read-savings.handler';
import { ReadStatementHandler } from '../reports/read-statement/read-statement.handler';
import { RecordLedgerCommandHandler } from './record-ledger-command.handler';
import { NameOrganisationController } from '../organisations/name-organisation/name-organisation.controller';
import { ListOrganisationsController } from '../organisations/list-organisations/list-organisations.controller';
import { ListOrganisationsHandler } from '../organisations/list-organisations/list-organisations.handler';
import { ReadOrganisationController } from '../organisations/read-organisation/read-organisation.controller';
import {
  ReadOrganisationEventsHandler,
  ReadOrganisationHandler,
} from '../organisations/read-organisation/read-organisation.handler';

/** Every use case the API serves, by its controller; the bus handlers are listed below. */
export const USE_CASE_CONTROLLERS = [
  CreateAgreementController,
  AllocateBudgetController,
  AdjustBudgetController,
  VireBudgetController,
  CommitReinvestmentController,
  ClosePeriodController,
  CarryForwardController,
  ReadAgreementController,
  ListAgreementsController,
  RegisterReferralController,
  StartPlacementController,
  ChangePlacementRateController,
  RepatriatePatientController,
  EndPlacementController,
  DischargePatientController,
  ReadCaseController,
  ListCasesController,
  ReadGlobalLogController,
  ReadBalancesController,
  ReadBudgetController,
  ReadSavingsController,
  ReadOapMetricsController,
  ReadStatementController,
  ReadChainReportController,
  ReadManagementAccountsController,
  NameOrganisationController,
  ListOrganisationsController,
  ReadOrganisationController,
  ImportCommandsController,
  HealthController,
  ReadinessController,
];

/**
 * The CommandBus's handlers: every ledger command the API records (the controllers build it from
 * the request), bulk imports of them, and closes of several months (each sent on as a ledger
 * command).
 */
export const COMMAND_HANDLERS = [
  RecordLedgerCommandHandler,
  ImportLedgerCommandsHandler,
  ClosePeriodsThroughHandler,
];

/** The QueryBus's handlers: one per read the API serves. */
export const QUERY_HANDLERS = [
  ReadAgreementSummaryHandler,
  ReadAgreementEventsHandler,
  ReadCaseSummaryHandler,
  ReadCaseEventsHandler,
  ListAgreementsHandler,
  ListCasesHandler,
  ReadGlobalLogHandler,
  SearchLogHandler,
  ReadEventHandler,
  VerifyLogHandler,
  ReadBalancesHandler,
  ReadBudgetHandler,
  ReadSavingsHandler,
  ReadOapMetricsHandler,
  ReadStatementHandler,
  ReadChainReportHandler,
  ReadManagementAccountsHandler,
  ListOrganisationsHandler,
  ReadOrganisationHandler,
  ReadOrganisationEventsHandler,
];
