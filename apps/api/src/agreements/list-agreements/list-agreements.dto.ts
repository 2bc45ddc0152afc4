import { IsFinancialYear, IsLedgerId, IsOdsCode } from '@ledger/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ListQueryDto } from '../../http/lists/list-query.dto';

/**
 * The filters of `GET /v1/agreements`, each one of `AGREEMENT_LIST_FILTERS` (libs/read-model).
 * A new filter there (an agreement's predecessor, its chain) gets its field here.
 */
export class ListAgreementsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description: 'Only agreements of this financial year',
    example: '2025/26',
  })
  @IsOptional()
  @IsFinancialYear()
  financialYear?: string;

  @ApiPropertyOptional({
    description: 'Only agreements this trust leads (ODS code)',
    example: 'RV5',
  })
  @IsOptional()
  @IsOdsCode()
  leadProviderCode?: string;

  @ApiPropertyOptional({
    description: 'Only agreements of this commissioner (ODS code)',
    example: '13R',
  })
  @IsOptional()
  @IsOdsCode()
  commissionerCode?: string;

  @ApiPropertyOptional({
    description:
      'Only the agreements of the chain this agreement belongs to (its predecessors, itself and its successors); none for an agreement never created',
    example: 'slp-adult-secure-2024-25',
  })
  @IsOptional()
  @IsLedgerId()
  chain?: string;
}
