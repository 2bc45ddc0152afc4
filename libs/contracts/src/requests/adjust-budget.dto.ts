import { ApiProperty } from '@nestjs/swagger';
import {
  IsCalendarDate,
  IsKebabCaseName,
  IsLedgerId,
  IsMoneyString,
  IsReasonText,
} from '../validation/ledger-validators';

/** A signed change to a service line's budget, phased evenly from its effective month. */
export class AdjustBudgetDto {
  @ApiProperty({ example: 'adj-1' })
  @IsLedgerId()
  adjustmentId!: string;

  @ApiProperty({ example: 'adult-medium-secure' })
  @IsKebabCaseName()
  serviceLine!: string;

  @ApiProperty({
    example: '-250000.00',
    description: 'Signed decimal string, not zero, at most 2 dp',
  })
  @IsMoneyString({ allowNegative: true })
  amount!: string;

  @ApiProperty({ example: '2026-01-01' })
  @IsCalendarDate()
  effectiveDate!: string;

  @ApiProperty({ example: 'In-year efficiency requirement' })
  @IsReasonText()
  reason!: string;
}
