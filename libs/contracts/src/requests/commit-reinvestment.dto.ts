import { ApiProperty } from '@nestjs/swagger';
import {
  IsCalendarDate,
  IsKebabCaseName,
  IsLedgerId,
  IsMoneyString,
  IsReasonText,
} from '../validation/ledger-validators';

/** Commits retained savings to a named reinvestment scheme. */
export class CommitReinvestmentDto {
  @ApiProperty({ example: 'commit-1' })
  @IsLedgerId()
  commitmentId!: string;

  @ApiProperty({ example: 'female-forensic-step-down' })
  @IsKebabCaseName()
  schemeId!: string;

  @ApiProperty({ example: '520000.00', description: 'Decimal string > 0, at most 2 dp' })
  @IsMoneyString()
  amount!: string;

  @ApiProperty({ example: '2025-10-01' })
  @IsCalendarDate()
  effectiveDate!: string;

  @ApiProperty({ example: 'Female forensic step-down beds' })
  @IsReasonText()
  description!: string;
}
