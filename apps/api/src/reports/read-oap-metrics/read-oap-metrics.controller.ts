import { oapMetricsCsv } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { OapMetricsReport } from '@ledger/read-model';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { ReportQueryDto } from '../report-query.dto';
import { replyWithReport } from '../report-reply';
import { ReadOapMetricsQuery } from './read-oap-metrics.handler';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadOapMetricsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':agreementId/reports/oap-metrics')
  @RequiresAction('ReadReports')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Out-of-area metrics by period' })
  async oapMetrics(
    @Param('agreementId') agreementId: string,
    @Query() query: ReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OapMetricsReport | string> {
    const report = await this.queryBus.execute(new ReadOapMetricsQuery(actor, agreementId, query));
    return replyWithReport(reply, query.format, report, {
      table: oapMetricsCsv,
      agreementId,
      name: 'oap-metrics',
      asOf: report.asOf,
    });
  }
}
