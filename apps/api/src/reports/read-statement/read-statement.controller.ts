import { LedgerReports, statementCsv } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { AccountStatement } from '@ledger/read-model';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { replyWithReport } from '../report-reply';
import { StatementQueryDto } from './read-statement.dto';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadStatementController {
  constructor(private readonly reports: LedgerReports) {}

  /** One account's postings with the running balance, a page at a time. */
  @Get(':agreementId/accounts/:account/statement')
  @RequiresAction('ReadReports')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'A page of the account statement; continue with after=nextCursor' })
  async statement(
    @Param('agreementId') agreementId: string,
    @Param('account') account: string,
    @Query() query: StatementQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountStatement | string> {
    const report = await this.reports.statement(actor, agreementId, account, query);
    return replyWithReport(reply, query.format, report, {
      table: statementCsv,
      agreementId,
      name: `statement-${account}`,
      asOf: this.reports.asOfOf({}),
    });
  }
}
