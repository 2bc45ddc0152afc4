import { IsKebabCaseName, IsLedgerId, IsOdsCode } from '@ledger/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListQueryDto } from '../../http/lists/list-query.dto';

export const CASE_STATUSES = ['open', 'discharged'] as const;
export const CASE_SETTINGS = ['in-area', 'out-of-area', 'none'] as const;

/** The filters of `GET /v1/cases`, each one of `CASE_LIST_FILTERS` (libs/read-model). */
export class ListCasesQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Only cases registered under this agreement' })
  @IsOptional()
  @IsLedgerId()
  agreementId?: string;

  @ApiPropertyOptional({
    description: 'Only cases of this service line',
    example: 'adult-medium-secure',
  })
  @IsOptional()
  @IsKebabCaseName()
  serviceLine?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES, description: 'open: not discharged' })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: (typeof CASE_STATUSES)[number];

  @ApiPropertyOptional({
    enum: CASE_SETTINGS,
    description: "The open placement's setting; none: no placement is open",
  })
  @IsOptional()
  @IsIn(CASE_SETTINGS)
  setting?: (typeof CASE_SETTINGS)[number];

  @ApiPropertyOptional({
    description: "The open placement's provider (ODS code)",
    example: 'NVC01',
  })
  @IsOptional()
  @IsOdsCode()
  providerCode?: string;

  @ApiPropertyOptional({
    description:
      'Only cases registered under an agreement of the chain this agreement belongs to; none for an agreement never created',
    example: 'slp-adult-secure-2024-25',
  })
  @IsOptional()
  @IsLedgerId()
  chain?: string;
}
