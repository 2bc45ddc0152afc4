import { chainReportDocument, type Clock } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { ChainReport } from '@ledger/read-model';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CLOCK } from '../../app/injection-tokens';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { ReportQueryDto } from '../report-query.dto';
import { checkDownload, replyWithReport, ReportResponse } from '../report-reply';
import { ReadChainReportQuery } from './read-chain-report.handler';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadChainReportController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':agreementId/chain-report')
  @RequiresAction('ReadReports')
  @ReportResponse(
    'The chain of agreements the agreement belongs to, year by year: each agreement from its ' +
      "own accounts, the year's out-of-area metrics, and totals across the years",
  )
  async chainReport(
    @Param('agreementId') agreementId: string,
    @Query() query: ReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChainReport | string | Buffer> {
    checkDownload('chain-report', query);
    const report = await this.queryBus.execute(new ReadChainReportQuery(actor, agreementId, query));
    return replyWithReport(reply, query, report, {
      report: 'chain-report',
      document: chainReportDocument,
      agreementId,
      name: 'chain-report',
      asOf: report.asOf,
      clock: this.clock,
    });
  }
}
