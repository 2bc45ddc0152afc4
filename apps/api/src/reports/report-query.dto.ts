import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '@ledger/contracts';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The knowledge clock and read-your-writes, shared by every report and statement. */
export class KnowledgeQueryDto {
  @ApiPropertyOptional({
    description: 'Knowledge time: answer from the events recorded by this ISO 8601 instant',
    example: '2025-07-31T23:59:59Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  knownAt?: string;

  @ApiPropertyOptional({ description: 'Knowledge time as a log position (not with knownAt)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  knownAtPosition?: number;

  @ApiPropertyOptional({
    description: 'Read your writes: wait up to ~2 s for the log to reach this position, else 503',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  minPosition?: number;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

/** A report over the business date as well. */
export class ReportQueryDto extends KnowledgeQueryDto {
  @ApiPropertyOptional({
    description: 'Business date YYYY-MM-DD: facts effective up to it (default today, UK date)',
    example: '2025-09-30',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}
