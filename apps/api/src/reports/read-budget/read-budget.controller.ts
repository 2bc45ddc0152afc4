import { budgetDocument, type Clock } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { BudgetReport } from '@ledger/read-model';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CLOCK } from '../../app/injection-tokens';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { ReportQueryDto } from '../report-query.dto';
import { checkDownload, replyWithReport, ReportResponse } from '../report-reply';
import { ReadBudgetQuery } from './read-budget.handler';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadBudgetController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':agreementId/reports/budget')
  @RequiresAction('ReadReports')
  @ReportResponse('Budget against actual by service line and period, with the forecast outturn')
  async budget(
    @Param('agreementId') agreementId: string,
    @Query() query: ReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BudgetReport | string | Buffer> {
    checkDownload('budget', query);
    const report = await this.queryBus.execute(new ReadBudgetQuery(actor, agreementId, query));
    return replyWithReport(reply, query, report, {
      report: 'budget',
      document: budgetDocument,
      agreementId,
      name: 'budget',
      asOf: report.asOf,
      clock: this.clock,
    });
  }
}
