import { balancesCsv, LedgerReports } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { AgreementBalances } from '@ledger/read-model';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { replyWithReport } from '../report-reply';
import { BalancesQueryDto } from './read-balances.dto';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadBalancesController {
  constructor(private readonly reports: LedgerReports) {}

  @Get(':agreementId/reports/balances')
  @RequiresAction('ReadReports')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: "The agreement's account balances at asOf, as known at knownAt" })
  async balances(
    @Param('agreementId') agreementId: string,
    @Query() query: BalancesQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgreementBalances | string> {
    const report = await this.reports.balances(actor, agreementId, query);
    return replyWithReport(reply, query.format, report, {
      table: balancesCsv,
      agreementId,
      name: 'balances',
      asOf: this.reports.asOfOf(query),
    });
  }
}
