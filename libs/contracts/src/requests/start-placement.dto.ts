import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  IsCalendarDate,
  IsDistanceKm,
  IsKebabCaseName,
  IsLedgerId,
  IsMoneyString,
  IsOdsCode,
  IsOrganisationName,
} from '../validation/ledger-validators';

/** A stay in a bed at one provider, in area or out of area. */
export class StartPlacementDto {
  @ApiProperty({ example: 'plc-1' })
  @IsLedgerId()
  placementId!: string;

  @ApiProperty({ enum: ['in-area', 'out-of-area'], example: 'out-of-area' })
  @IsIn(['in-area', 'out-of-area'])
  setting!: 'in-area' | 'out-of-area';

  @ApiProperty({ example: 'medium-secure' })
  @IsKebabCaseName()
  bedType!: string;

  @ApiProperty({ example: 'NVC01', description: 'ODS code of the provider running the bed' })
  @IsOdsCode()
  providerCode!: string;

  @ApiProperty({ example: '685.50', description: 'Decimal string ≥ 0, at most 2 dp' })
  @IsMoneyString({ allowZero: true })
  dailyRate!: string;

  @ApiProperty({ example: '2025-06-01' })
  @IsCalendarDate()
  startDate!: string;

  @ApiProperty({ example: '182.0', description: 'Decimal string of km, at most 1 dp' })
  @IsDistanceKm()
  distanceFromHomeKm!: string;

  @ApiPropertyOptional({
    example: '10',
    nullable: true,
    description: 'OAP reason code; out of area only',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{1,8}$/, { message: 'must be an OAP reason code such as "10"' })
  oapReasonCode?: string | null;

  @ApiPropertyOptional({
    example: 'Independent Hospital Ltd',
    nullable: true,
    description:
      "The provider's name for the organisation register, recorded (OrganisationNamed) from " +
      'the start date in the same write, unless it is already the name in force then. ' +
      'Trimmed, 1 to 160 characters.',
  })
  @IsOptional()
  @IsOrganisationName()
  providerName?: string | null;
}
