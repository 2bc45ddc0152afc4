import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import {
  IsCalendarDate,
  IsDistanceKm,
  IsKebabCaseName,
  IsLedgerId,
  IsMoneyString,
  IsOdsCode,
} from '../validation/ledger-validators';

/** The in-area placement that starts on the repatriation date. */
export class InAreaPlacementDto {
  @ApiProperty({ example: 'plc-2' })
  @IsLedgerId()
  placementId!: string;

  @ApiProperty({ example: 'medium-secure' })
  @IsKebabCaseName()
  bedType!: string;

  @ApiProperty({ example: 'RPG' })
  @IsOdsCode()
  providerCode!: string;

  @ApiProperty({ example: '450.00', description: 'Decimal string ≥ 0, at most 2 dp' })
  @IsMoneyString({ allowZero: true })
  dailyRate!: string;

  @ApiProperty({ example: '12.5' })
  @IsDistanceKm()
  distanceFromHomeKm!: string;
}

/** Ends an out-of-area placement and starts an in-area one on the same date. */
export class RepatriatePatientDto {
  @ApiProperty({ example: 'plc-1' })
  @IsLedgerId()
  outOfAreaPlacementId!: string;

  @ApiProperty({ example: '2025-09-01' })
  @IsCalendarDate()
  repatriationDate!: string;

  @ApiProperty({ type: InAreaPlacementDto })
  @IsObject()
  @ValidateNested()
  @Type(() => InAreaPlacementDto)
  inAreaPlacement!: InAreaPlacementDto;
}
