import { savingsCsv } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { SavingsReport } from '@ledger/read-model';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { ReportQueryDto } from '../report-query.dto';
import { replyWithReport } from '../report-reply';
import { ReadSavingsQuery } from './read-savings.handler';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadSavingsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':agreementId/reports/savings')
  @RequiresAction('ReadReports')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      'Savings by period and by case, reinvestment committed and retained savings available',
  })
  async savings(
    @Param('agreementId') agreementId: string,
    @Query() query: ReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SavingsReport | string> {
    const report = await this.queryBus.execute(new ReadSavingsQuery(actor, agreementId, query));
    return replyWithReport(reply, query.format, report, {
      table: savingsCsv,
      agreementId,
      name: 'savings',
      asOf: report.asOf,
    });
  }
}
