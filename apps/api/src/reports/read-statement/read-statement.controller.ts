import { statementDocument, todayIn, type Clock } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { AccountStatement } from '@ledger/read-model';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CLOCK } from '../../app/injection-tokens';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { checkDownload, replyWithReport, ReportResponse } from '../report-reply';
import { StatementQueryDto } from './read-statement.dto';
import { ReadStatementQuery } from './read-statement.handler';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadStatementController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One account's postings with the running balance, a page at a time. */
  @Get(':agreementId/accounts/:account/statement')
  @RequiresAction('ReadReports')
  @ReportResponse('A page of the account statement; continue with after=nextCursor')
  async statement(
    @Param('agreementId') agreementId: string,
    @Param('account') account: string,
    @Query() query: StatementQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountStatement | string | Buffer> {
    checkDownload('statement', query);
    const asked = new ReadStatementQuery(actor, agreementId, account, query);
    const report = await this.queryBus.execute(asked);
    return replyWithReport(reply, query, report, {
      report: 'statement',
      document: statementDocument,
      agreementId,
      name: `statement-${account}`,
      // A statement has no business date: its download is named for today in England.
      asOf: todayIn(this.clock),
      clock: this.clock,
    });
  }
}
