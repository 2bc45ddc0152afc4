import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate } from '@ledger/contracts';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
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

  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    default: 'json',
    description:
      'json; csv (one section, UTF-8 with a byte order mark); xlsx (every section, a sheet each)',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({
    description:
      "With format=csv: which of the report's sections the file holds (default its first): " +
      'budget by-period|by-line|by-provider|forecast; savings ' +
      'by-period|by-case|repatriations|reinvestment|summary; balances balances; ' +
      'oap-metrics by-period; statement entries; chain-report by-year|oap-metrics',
    example: 'by-case',
  })
  @IsOptional()
  @Matches(/^[a-z]+(-[a-z]+)*$/, { message: 'must be a section name such as by-case' })
  section?: string;
}

/** A report over the business date as well. */
export class ReportQueryDto extends KnowledgeQueryDto {
  @ApiPropertyOptional({
    description:
      'Business date YYYY-MM-DD: facts effective up to it (default today, UK date; for a ' +
      'financial year that is over, its last day)',
    example: '2025-09-30',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}
