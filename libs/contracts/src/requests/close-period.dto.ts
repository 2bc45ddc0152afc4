import { ApiProperty } from '@nestjs/swagger';
import { IsPeriodId } from '../validation/ledger-validators';

/**
 * Closes one month of the agreement's year. The body names the period only: the ledger
 * computes the month's figures, and any prior-period adjustments, from the case histories.
 */
export class ClosePeriodDto {
  @ApiProperty({
    example: '2025-06',
    description: 'The period to close, YYYY-MM: the next open period of the agreement’s year',
  })
  @IsPeriodId()
  period!: string;
}
