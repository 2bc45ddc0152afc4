import { AdjustBudgetController } from '../agreements/adjust-budget/adjust-budget.controller';
import { AdjustBudgetHandler } from '../agreements/adjust-budget/adjust-budget.handler';
import { AllocateBudgetController } from '../agreements/allocate-budget/allocate-budget.controller';
import { AllocateBudgetHandler } from '../agreements/allocate-budget/allocate-budget.handler';
import { ClosePeriodController } from '../agreements/close-period/close-period.controller';
import { ClosePeriodHandler } from '../agreements/close-period/close-period.handler';
import { CommitReinvestmentController } from '../agreements/commit-reinvestment/commit-reinvestment.controller';
import { CommitReinvestmentHandler } from '../agreements/commit-reinvestment/commit-reinvestment.handler';
import { CreateAgreementController } from '../agreements/create-agreement/create-agreement.controller';
import { CreateAgreementHandler } from '../agreements/create-agreement/create-agreement.handler';
import { ReadAgreementController } from '../agreements/read-agreement/read-agreement.controller';
import { VireBudgetController } from '../agreements/vire-budget/vire-budget.controller';
import { VireBudgetHandler } from '../agreements/vire-budget/vire-budget.handler';
import { ChangePlacementRateController } from '../cases/change-placement-rate/change-placement-rate.controller';
import { ChangePlacementRateHandler } from '../cases/change-placement-rate/change-placement-rate.handler';
import { DischargePatientController } from '../cases/discharge-patient/discharge-patient.controller';
import { DischargePatientHandler } from '../cases/discharge-patient/discharge-patient.handler';
import { EndPlacementController } from '../cases/end-placement/end-placement.controller';
import { EndPlacementHandler } from '../cases/end-placement/end-placement.handler';
import { ReadCaseController } from '../cases/read-case/read-case.controller';
import { RegisterReferralController } from '../cases/register-referral/register-referral.controller';
import { RegisterReferralHandler } from '../cases/register-referral/register-referral.handler';
import { RepatriatePatientController } from '../cases/repatriate-patient/repatriate-patient.controller';
import { RepatriatePatientHandler } from '../cases/repatriate-patient/repatriate-patient.handler';
import { StartPlacementController } from '../cases/start-placement/start-placement.controller';
import { StartPlacementHandler } from '../cases/start-placement/start-placement.handler';
import { HealthController } from '../health/health.controller';
import { ReadinessController } from '../health/readiness.controller';
import { ImportCommandsController } from '../imports/import-commands/import-commands.controller';
import { ReadBalancesController } from '../reports/read-balances/read-balances.controller';
import { ReadBudgetController } from '../reports/read-budget/read-budget.controller';
import { ReadOapMetricsController } from '../reports/read-oap-metrics/read-oap-metrics.controller';
import { ReadSavingsController } from '../reports/read-savings/read-savings.controller';
import { ReadStatementController } from '../reports/read-statement/read-statement.controller';
import { ReadGlobalLogController } from '../ledger-log/read-global-log/read-global-log.controller';

/** Every use case the API serves: its controller and, for writes, its command handler. */
export const USE_CASE_CONTROLLERS = [
  CreateAgreementController,
  AllocateBudgetController,
  AdjustBudgetController,
  VireBudgetController,
  CommitReinvestmentController,
  ClosePeriodController,
  ReadAgreementController,
  RegisterReferralController,
  StartPlacementController,
  ChangePlacementRateController,
  RepatriatePatientController,
  EndPlacementController,
  DischargePatientController,
  ReadCaseController,
  ReadGlobalLogController,
  ReadBalancesController,
  ReadBudgetController,
  ReadSavingsController,
  ReadOapMetricsController,
  ReadStatementController,
  ImportCommandsController,
  HealthController,
  ReadinessController,
];

export const COMMAND_HANDLERS = [
  CreateAgreementHandler,
  AllocateBudgetHandler,
  AdjustBudgetHandler,
  VireBudgetHandler,
  CommitReinvestmentHandler,
  ClosePeriodHandler,
  RegisterReferralHandler,
  StartPlacementHandler,
  ChangePlacementRateHandler,
  RepatriatePatientHandler,
  EndPlacementHandler,
  DischargePatientHandler,
];
