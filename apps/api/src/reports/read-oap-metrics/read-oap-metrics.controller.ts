import { oapMetricsDocument, type Clock } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { OapMetricsReport } from '@ledger/read-model';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CLOCK } from '../../app/injection-tokens';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { ReportQueryDto } from '../report-query.dto';
import { checkDownload, replyWithReport, ReportResponse } from '../report-reply';
import { ReadOapMetricsQuery } from './read-oap-metrics.handler';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadOapMetricsController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':agreementId/reports/oap-metrics')
  @RequiresAction('ReadReports')
  @ReportResponse('Out-of-area metrics by period')
  async oapMetrics(
    @Param('agreementId') agreementId: string,
    @Query() query: ReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OapMetricsReport | string | Buffer> {
    checkDownload('oap-metrics', query);
    const report = await this.queryBus.execute(new ReadOapMetricsQuery(actor, agreementId, query));
    return replyWithReport(reply, query, report, {
      report: 'oap-metrics',
      document: oapMetricsDocument,
      agreementId,
      name: 'oap-metrics',
      asOf: report.asOf,
      clock: this.clock,
    });
  }
}
