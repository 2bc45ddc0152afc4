import { managementAccountsDocument, type Clock } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { ManagementAccounts } from '@ledger/read-model';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CLOCK } from '../../app/injection-tokens';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { checkDownload, replyWithReport, ReportResponse } from '../report-reply';
import { ManagementAccountsQueryDto } from './read-management-accounts.dto';
import { ReadManagementAccountsQuery } from './read-management-accounts.handler';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadManagementAccountsController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':agreementId/management-accounts')
  @RequiresAction('ReadReports')
  @ReportResponse(
    "One closed month's management accounts, by the period the money was posted in: budget, " +
      'own cost by setting and provider, savings, prior-period and prior-year adjustments ' +
      'apart, reinvestment, carry-forwards, variance and the year to date',
  )
  @ApiConflictResponse({
    description:
      'MANAGEMENT_ACCOUNTS.PERIOD_NOT_CLOSED: the month is not closed at the knowledge point, ' +
      'so nothing is posted in it yet (close it, or read the budget report for provisional figures)',
  })
  async managementAccounts(
    @Param('agreementId') agreementId: string,
    @Query() query: ManagementAccountsQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ManagementAccounts | string | Buffer> {
    checkDownload('management-accounts', query);
    const accounts = await this.queryBus.execute(
      new ReadManagementAccountsQuery(actor, agreementId, query),
    );
    return replyWithReport(reply, query, accounts, {
      report: 'management-accounts',
      document: managementAccountsDocument,
      agreementId,
      name: 'management-accounts',
      // The month names the file, as the business date names the other reports'.
      asOf: accounts.period,
      clock: this.clock,
    });
  }
}
