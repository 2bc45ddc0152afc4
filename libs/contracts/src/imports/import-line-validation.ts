import type { LedgerCommand } from '@ledger/commands';
import { isOdsCode, type FieldError } from '@ledger/domain';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AdjustBudgetDto } from '../requests/adjust-budget.dto';
import { AllocateBudgetDto } from '../requests/allocate-budget.dto';
import { CommitReinvestmentDto } from '../requests/commit-reinvestment.dto';
import { CreateAgreementDto } from '../requests/create-agreement.dto';
import { VireBudgetDto } from '../requests/vire-budget.dto';
import { ChangePlacementRateDto } from '../requests/change-placement-rate.dto';
import { DischargePatientDto } from '../requests/discharge-patient.dto';
import { EndPlacementDto } from '../requests/end-placement.dto';
import { RegisterReferralDto } from '../requests/register-referral.dto';
import { RepatriatePatientDto } from '../requests/repatriate-patient.dto';
import { StartPlacementDto } from '../requests/start-placement.dto';
import { NameOrganisationDto } from '../requests/name-organisation.dto';
import { flattenValidationErrors } from '../validation/field-error-paths';
import { isLedgerId } from '../validation/ledger-validators';

/**
 * An import line carries a command's data as the domain defines it: the HTTP body plus the
 * ids the HTTP API takes from the URL. Each line is checked with the very DTO its endpoint
 * uses, so a file and a request are held to the same field rules (unknown fields refused).
 */
interface LineShape {
  dto: ClassConstructor<object>;
  /** Ids that travel in the URL over HTTP and in `data` in a file. */
  pathIds: string[];
}

const LINE_SHAPES: Record<string, LineShape> = {
  CreateAgreement: { dto: CreateAgreementDto, pathIds: [] },
  AllocateBudget: { dto: AllocateBudgetDto, pathIds: ['agreementId'] },
  AdjustBudget: { dto: AdjustBudgetDto, pathIds: ['agreementId'] },
  VireBudget: { dto: VireBudgetDto, pathIds: ['agreementId'] },
  CommitReinvestment: { dto: CommitReinvestmentDto, pathIds: ['agreementId'] },
  RegisterReferral: { dto: RegisterReferralDto, pathIds: [] },
  StartPlacement: { dto: StartPlacementDto, pathIds: ['caseId'] },
  ChangePlacementRate: { dto: ChangePlacementRateDto, pathIds: ['caseId', 'placementId'] },
  RepatriatePatient: { dto: RepatriatePatientDto, pathIds: ['caseId'] },
  EndPlacement: { dto: EndPlacementDto, pathIds: ['caseId', 'placementId'] },
  DischargePatient: { dto: DischargePatientDto, pathIds: ['caseId'] },
  NameOrganisation: { dto: NameOrganisationDto, pathIds: ['odsCode'] },
};

export function validateImportLine(
  commandType: LedgerCommand['type'],
  data: unknown,
): FieldError[] {
  const shape = LINE_SHAPES[commandType];
  if (!shape) return [{ field: 'command', message: `${commandType} cannot be imported` }];
  const body = { ...(data as Record<string, unknown>) };
  const idErrors: FieldError[] = [];
  for (const id of shape.pathIds) {
    const value = body[id];
    delete body[id];
    if (id === 'odsCode' && !isOdsCode(value)) {
      idErrors.push({
        field: `data.${id}`,
        message: 'must be an ODS code: 3 to 6 uppercase letters or digits, e.g. "RV5"',
      });
    } else if (id !== 'odsCode' && !isLedgerId(value)) {
      idErrors.push({
        field: `data.${id}`,
        message: 'must be an id of 1 to 64 letters, digits, "-" or "_"',
      });
    }
  }
  const dto = plainToInstance(shape.dto, body);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  const fieldErrors = flattenValidationErrors(errors).map((error) => ({
    ...error,
    field: `data.${error.field}`,
  }));
  return [...idErrors, ...fieldErrors];
}
