import { MAX_LIST_PAGE } from '@ledger/read-model';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** A list is a page of rows: JSON, or the same rows as CSV. */
export const LIST_FORMATS = ['json', 'csv'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** Paging, read-your-writes and format: what every list takes besides its filters. */
export class ListQueryDto {
  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page: <financial year>:<id>',
    example: '2025/26:slp-adult-secure-2025-26',
  })
  @IsOptional()
  @Matches(/^\d{4}\/\d{2}:[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
    message: 'must be the nextCursor of the previous page, written <financial year>:<id>',
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
