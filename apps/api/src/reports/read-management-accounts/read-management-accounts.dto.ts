import { IsPeriodId } from '@ledger/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { KnowledgeQueryDto } from '../report-query.dto';

/**
 * The month-end management accounts: a month and the knowledge clock. No `asOf`: the accounts
 * count what was posted in the month, which the month alone fixes.
 */
export class ManagementAccountsQueryDto extends KnowledgeQueryDto {
  @ApiPropertyOptional({
    description:
      "The month, YYYY-MM, a closed period of the agreement's financial year (default: the " +
      'latest period closed at the knowledge point). With format=csv, section is one of lines, ' +
      'by-provider, adjustments, adjustments-by-provider, reinvestment, carry-forward, ' +
      'retained-savings',
    example: '2025-09',
  })
  @IsOptional()
  @IsPeriodId()
  period?: string;
}
