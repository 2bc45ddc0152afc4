import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_SAVINGS_HORIZON_DAYS } from '@ledger/domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  IsFinancialYear,
  IsKebabCaseName,
  IsLedgerId,
  IsOdsCode,
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
}
