import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_SAVINGS_HORIZON_DAYS } from '@ledger/domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  IsFinancialYear,
  IsKebabCaseName,
  IsLedgerId,
  IsOdsCode,
  IsOrganisationNames,
} from '../validation/ledger-validators';

/** One commissioner delegating to one collaborative for one financial year. */
export class CreateAgreementDto {
  @ApiProperty({ example: 'slp-adult-secure-2025-26' })
  @IsLedgerId()
  agreementId!: string;

  @ApiProperty({ example: '13R', description: 'ODS code of the commissioner' })
  @IsOdsCode()
  commissionerCode!: string;

  @ApiProperty({ example: 'RV5', description: 'ODS code of the lead provider' })
  @IsOdsCode()
  leadProviderCode!: string;

  @ApiProperty({ example: ['RPG', 'RQY'], description: 'ODS codes of the partner providers' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsOdsCode({ each: true })
  partnerProviderCodes!: string[];

  @ApiProperty({ example: '2025/26' })
  @IsFinancialYear()
  financialYear!: string;

  @ApiProperty({ example: ['adult-medium-secure', 'adult-low-secure'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsKebabCaseName({ each: true })
  serviceLines!: string[];

  @ApiPropertyOptional({
    example: 365,
    description: 'Nights a repatriation saves for; default 365',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SAVINGS_HORIZON_DAYS)
  savingsHorizonDays?: number;

  @ApiPropertyOptional({
    example: 'slp-adult-secure-2024-25',
    description:
      'The agreement this one follows in its chain: same commissioner and lead provider, the ' +
      'financial year just before, keeping its service lines, with no successor yet. ' +
      'Absent or null: the agreement starts a chain.',
    nullable: true,
  })
  @IsOptional()
  @IsLedgerId()
  predecessorAgreementId?: string | null;

  @ApiPropertyOptional({
    example: { RV5: 'South London and Maudsley NHS Foundation Trust' },
    description:
      'Names for the organisation register, by ODS code: any of the codes this agreement names ' +
      '(commissioner, lead provider, partners). Each is recorded (OrganisationNamed) from the ' +
      "financial year's first day, in the same write, unless it is already the name in force " +
      'then. Absent or null: none.',
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 160 },
    nullable: true,
  })
  @IsOptional()
  @IsOrganisationNames()
  organisationNames?: Record<string, string> | null;
}
