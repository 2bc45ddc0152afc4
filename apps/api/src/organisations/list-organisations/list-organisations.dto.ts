import { IsCalendarDate } from '@ledger/contracts';
import { MAX_LIST_PAGE } from '@ledger/read-model';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { LIST_FORMATS, type ListFormat } from '../../http/lists/list-query.dto';

/** The query of `GET /v1/organisations`: a page of the register, on a business date. */
export class ListOrganisationsQueryDto {
  @ApiPropertyOptional({
    description: 'The business date whose names are shown; today (in England) by default',
    example: '2025-10-15',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page: the last ODS code shown',
    example: 'RPG',
  })
  @IsOptional()
  @Matches(/^[A-Z0-9]{3,6}$/, {
    message: 'must be the nextCursor of the previous page: an ODS code, e.g. RV5',
  })
  after?: string;

  @ApiPropertyOptional({ description: `Rows per page, at most ${MAX_LIST_PAGE}`, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIST_PAGE)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'Read your writes: wait up to ~2 s for the read model to reach this position, else 503',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  minPosition?: number;

  @ApiPropertyOptional({ enum: LIST_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(LIST_FORMATS)
  format?: ListFormat;
}
