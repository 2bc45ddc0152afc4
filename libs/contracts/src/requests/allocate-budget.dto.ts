import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  AllowedOnlyWhen,
  IsCalendarDate,
  IsKebabCaseName,
  IsLedgerId,
  IsMoneyString,
  IsPeriodId,
} from '../validation/ledger-validators';

export class MonthlyAmountDto {
  @ApiProperty({ example: '2025-04' })
  @IsPeriodId()
  period!: string;

  @ApiProperty({ example: '5416666.66', description: 'Decimal string, at most 2 dp' })
  @IsMoneyString({ allowZero: true })
  amount!: string;
}

/** `even` spreads the amount from the effective month to M12; `explicit` names each month. */
export class PhasingDto {
  @ApiProperty({ enum: ['even', 'explicit'], example: 'even' })
  @IsIn(['even', 'explicit'])
  kind!: 'even' | 'explicit';

  @ApiPropertyOptional({ type: [MonthlyAmountDto], description: 'Only with kind "explicit"' })
  @ValidateIf((phasing: PhasingDto) => phasing.kind === 'explicit' || phasing.months !== undefined)
  @AllowedOnlyWhen((phasing: PhasingDto) => phasing.kind === 'explicit', 'kind is "explicit"')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => MonthlyAmountDto)
  months?: MonthlyAmountDto[];
}

export class AllocateBudgetDto {
  @ApiProperty({ example: 'alloc-1' })
  @IsLedgerId()
  allocationId!: string;

  @ApiProperty({ example: 'adult-medium-secure' })
  @IsKebabCaseName()
  serviceLine!: string;

  @ApiProperty({ example: '65000000.00', description: 'Decimal string > 0, at most 2 dp' })
  @IsMoneyString()
  amount!: string;

  @ApiProperty({ example: '2025-04-01' })
  @IsCalendarDate()
  effectiveDate!: string;

  @ApiProperty({ type: PhasingDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PhasingDto)
  phasing!: PhasingDto;
}
