import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate, IsReasonText } from '../validation/ledger-validators';

/** Ends a placement: its end date is the first night no longer charged. */
export class EndPlacementDto {
  @ApiProperty({ example: '2025-10-15' })
  @IsCalendarDate()
  endDate!: string;

  @ApiProperty({ example: 'Transferred to step-down' })
  @IsReasonText()
  reason!: string;
}
