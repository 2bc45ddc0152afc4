import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate, IsMoneyString } from '../validation/ledger-validators';

/** A new daily rate for nights on or after its effective date. */
export class ChangePlacementRateDto {
  @ApiProperty({ example: '712.00', description: 'Decimal string ≥ 0, at most 2 dp' })
  @IsMoneyString({ allowZero: true })
  dailyRate!: string;

  @ApiProperty({ example: '2025-08-01' })
  @IsCalendarDate()
  effectiveDate!: string;
}
