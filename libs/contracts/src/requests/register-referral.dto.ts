import { ApiProperty } from '@nestjs/swagger';
import {
  IsCalendarDate,
  IsKebabCaseName,
  IsLedgerId,
  IsPseudonym,
} from '../validation/ledger-validators';

/** Opens a case for one patient, named only by pseudonym, under an agreement's service line. */
export class RegisterReferralDto {
  @ApiProperty({ example: 'case-0001' })
  @IsLedgerId()
  caseId!: string;

  @ApiProperty({ example: 'slp-adult-secure-2025-26' })
  @IsLedgerId()
  agreementId!: string;

  @ApiProperty({ example: 'adult-medium-secure' })
  @IsKebabCaseName()
  serviceLine!: string;

  @ApiProperty({ example: 'PSN-7F3A', description: 'Pseudonym: never an NHS number or a name' })
  @IsPseudonym()
  patientRef!: string;

  @ApiProperty({ example: '2025-05-01' })
  @IsCalendarDate()
  referralDate!: string;
}
