import { ApiProperty } from '@nestjs/swagger';
import {
  IsCalendarDate,
  IsKebabCaseName,
  IsLedgerId,
  IsMoneyString,
  IsReasonText,
} from '../validation/ledger-validators';

/** Moves budget from one service line to another of the same agreement. */
export class VireBudgetDto {
  @ApiProperty({ example: 'vir-1' })
  @IsLedgerId()
  virementId!: string;

  @ApiProperty({ example: 'adult-medium-secure' })
  @IsKebabCaseName()
  fromServiceLine!: string;

  @ApiProperty({ example: 'adult-low-secure' })
  @IsKebabCaseName()
  toServiceLine!: string;

  @ApiProperty({ example: '100000.00', description: 'Decimal string > 0, at most 2 dp' })
  @IsMoneyString()
  amount!: string;

  @ApiProperty({ example: '2025-07-01' })
  @IsCalendarDate()
  effectiveDate!: string;

  @ApiProperty({ example: 'Low secure demand above plan' })
  @IsReasonText()
  reason!: string;
}
