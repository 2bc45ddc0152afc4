import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate, IsReasonText } from '../validation/ledger-validators';

/** Ends the case; its open placement ends the same day. */
export class DischargePatientDto {
  @ApiProperty({ example: '2026-01-20' })
  @IsCalendarDate()
  dischargeDate!: string;

  @ApiProperty({ example: 'Discharged to community forensic team' })
  @IsReasonText()
  reason!: string;
}
