import { savingsDocument, type Clock } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { SavingsReport } from '@ledger/read-model';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CLOCK } from '../../app/injection-tokens';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { ReportQueryDto } from '../report-query.dto';
import { checkDownload, replyWithReport, ReportResponse } from '../report-reply';
import { ReadSavingsQuery } from './read-savings.handler';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadSavingsController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':agreementId/reports/savings')
  @RequiresAction('ReadReports')
  @ReportResponse(
    'Savings by period and by case, reinvestment committed and retained savings available',
  )
  async savings(
    @Param('agreementId') agreementId: string,
    @Query() query: ReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SavingsReport | string | Buffer> {
    checkDownload('savings', query);
    const report = await this.queryBus.execute(new ReadSavingsQuery(actor, agreementId, query));
    return replyWithReport(reply, query, report, {
      report: 'savings',
      document: savingsDocument,
      agreementId,
      name: 'savings',
      asOf: report.asOf,
      clock: this.clock,
    });
  }
}
