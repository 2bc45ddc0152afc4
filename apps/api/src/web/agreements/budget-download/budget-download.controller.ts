import { budgetDocument, ReportQueryError, type Clock } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { BudgetReport } from '@ledger/read-model';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '../../../http/request/ledger-request.decorator';
import { ReadBudgetQuery } from '../../../reports/read-budget/read-budget.handler';
import { replyWithReport } from '../../../reports/report-reply';
import type { ReportFormat } from '../../../reports/report-query.dto';
import { WebPages } from '../../pages/web-pages.decorator';
import { SignedInPage } from '../../session/page-access';
import { WEB_CLOCK } from '../../web-options';
import { readTimeTravel, type TimeTravelAddress } from '../agreement-overview/time-travel';

/**
 * The budget report's downloads for the overview's links: the same query and the same files
 * as GET /v1/agreements/{id}/reports/budget?format=csv|xlsx (`replyWithReport`), for a signed-in
 * session. The API's own URLs take only bearer tokens, and stay that way: a cookie that opened
 * the API would let another site's form post to it.
 */
@WebPages()
@Controller('agreements')
export class BudgetDownloadController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(WEB_CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':agreementId/budget.csv')
  @SignedInPage('ReadReports')
  csv(
    @Param('agreementId') agreementId: string,
    @Query() address: TimeTravelAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BudgetReport | string | Buffer> {
    return this.download('csv', agreementId, address, actor, reply);
  }

  @Get(':agreementId/budget.xlsx')
  @SignedInPage('ReadReports')
  xlsx(
    @Param('agreementId') agreementId: string,
    @Query() address: TimeTravelAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BudgetReport | string | Buffer> {
    return this.download('xlsx', agreementId, address, actor, reply);
  }

  private async download(
    format: Extract<ReportFormat, 'csv' | 'xlsx'>,
    agreementId: string,
    address: TimeTravelAddress,
    actor: Actor,
    reply: FastifyReply,
  ): Promise<BudgetReport | string | Buffer> {
    const { asOf, knownAt, errors } = readTimeTravel(address);
    if (errors.length > 0) throw new ReportQueryError(errors[0].field, errors[0].message);
    const report: BudgetReport = await this.queryBus.execute(
      new ReadBudgetQuery(actor, agreementId, { asOf, knownAt }),
    );
    void reply.header('cache-control', 'no-store');
    return replyWithReport(reply, { format }, report, {
      report: 'budget',
      document: budgetDocument,
      agreementId,
      name: 'budget',
      asOf: report.asOf,
      clock: this.clock,
    });
  }
}
