import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ReportQueryDto } from '../report-query.dto';

export const PERIOD_BASES = ['belongs-to', 'posted-in'] as const;

export class BalancesQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({
    enum: PERIOD_BASES,
    default: 'belongs-to',
    description: 'Count a posting in the period its fact belongs to, or the one it was posted in',
  })
  @IsOptional()
  @IsIn(PERIOD_BASES)
  basis?: (typeof PERIOD_BASES)[number];
}
