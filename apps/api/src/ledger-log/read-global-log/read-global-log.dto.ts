import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_LOG_PAGE } from '@ledger/commands';

export class GlobalLogPageQuery {
  @ApiPropertyOptional({ description: 'Return events after this global position', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ description: `Events per page, at most ${MAX_LOG_PAGE}`, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LOG_PAGE)
  limit?: number;
}
