import { balancesDocument, todayIn, type Clock } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { AgreementBalances } from '@ledger/read-model';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CLOCK } from '../../app/injection-tokens';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { checkDownload, replyWithReport, ReportResponse } from '../report-reply';
import { BalancesQueryDto } from './read-balances.dto';
import { ReadBalancesQuery } from './read-balances.handler';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadBalancesController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':agreementId/reports/balances')
  @RequiresAction('ReadReports')
  @ReportResponse("The agreement's account balances at asOf, as known at knownAt")
  async balances(
    @Param('agreementId') agreementId: string,
    @Query() query: BalancesQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgreementBalances | string | Buffer> {
    checkDownload('balances', query);
    const report = await this.queryBus.execute(new ReadBalancesQuery(actor, agreementId, query));
    return replyWithReport(reply, query, report, {
      report: 'balances',
      document: balancesDocument,
      agreementId,
      name: 'balances',
      // The business date the report answers for: the one asked, or its default.
      asOf: report.asOf ?? query.asOf ?? todayIn(this.clock),
      clock: this.clock,
    });
  }
}
