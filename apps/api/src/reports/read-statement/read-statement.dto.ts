import { MAX_STATEMENT_PAGE } from '@ledger/read-model';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { KnowledgeQueryDto } from '../report-query.dto';

export class StatementQueryDto extends KnowledgeQueryDto {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page: <position>:<index>' })
  @IsOptional()
  @Matches(/^\d{1,15}:\d{1,6}$/, { message: 'must be a cursor written <position>:<index>' })
  after?: string;

  @ApiPropertyOptional({
    description: `Lines per page, at most ${MAX_STATEMENT_PAGE}`,
    default: 100,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_STATEMENT_PAGE)
  limit?: number;
}
