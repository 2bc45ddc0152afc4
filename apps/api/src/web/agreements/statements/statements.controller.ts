import {
  ReportQueryError,
  roleMayPerform,
  statementDocument,
  todayIn,
  type AgreementSummary,
  type Clock,
  type StreamEvents,
} from '@ledger/commands';
import { financialYearEnd } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import type { AccountStatement, AgreementBalances } from '@ledger/read-model';
import { Controller, Get, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ReadAgreementEventsQuery,
  ReadAgreementSummaryQuery,
} from '../../../agreements/read-agreement/read-agreement.handler';
import { CurrentActor } from '../../../http/request/ledger-request.decorator';
import { ReadBalancesQuery } from '../../../reports/read-balances/read-balances.handler';
import { ReadStatementQuery } from '../../../reports/read-statement/read-statement.handler';
import { replyWithReport } from '../../../reports/report-reply';
import { errorSummaryOf } from '../../pages/error-summary';
import { PageRenderer } from '../../pages/page-renderer';
import { WebPages } from '../../pages/web-pages.decorator';
import { SignedInPage } from '../../session/page-access';
import { eventView } from '../../events/event.view';
import { WEB_CLOCK } from '../../web-options';
import { agreementPagePath, statementPath } from '../../web-paths';
import { agreementNavigation } from '../agreement-pages';
import {
  accountsTable,
  readStatementAddress,
  statementView,
  type StatementAddress,
} from './statements.view';

const NO_CLOCKS = { asOf: undefined, knownAt: undefined };

/**
 * An agreement's accounts and each account's statement, read through the API's own queries
 * (GET …/reports/balances and GET …/accounts/{account}/statement, so the same authorisation:
 * 403 outside the agreement's parties, 404 for an unknown agreement), paged with the API's
 * cursor, each line linked to the event of the agreement's stream that caused it (GET
 * …/events's query); and the statement's page as CSV and XLSX, as the API writes them.
 */
@WebPages()
@Controller('agreements')
export class StatementsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly pages: PageRenderer,
    @Inject(WEB_CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':agreementId/accounts')
  @SignedInPage('ReadReports')
  async accounts(
    @Param('agreementId') agreementId: string,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const summary = await this.summary(actor, agreementId);
    // Every posting of the agreement's year: the balances at its last day, where each
    // statement's last closing balance ends.
    const balances: AgreementBalances = await this.queryBus.execute(
      new ReadBalancesQuery(actor, agreementId, {
        asOf: financialYearEnd(summary.financialYear),
      }),
    );
    return this.pages.render(request, reply, {
      template: 'statements.njk',
      title: `Statements – ${agreementId}`,
      section: 'agreements',
      data: {
        agreementId,
        financialYear: summary.financialYear,
        heading: 'Statements',
        navigation: agreementNavigation(agreementId, 'statements', NO_CLOCKS),
        accountsTable: balances.balances.length > 0 ? accountsTable(agreementId, balances) : null,
      },
    });
  }

  @Get(':agreementId/accounts/:account')
  @SignedInPage('ReadReports')
  async statement(
    @Param('agreementId') agreementId: string,
    @Param('account') account: string,
    @Query() address: StatementAddress,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const summary = await this.summary(actor, agreementId);
    const asked = readStatementAddress(address);
    const statement: AccountStatement | null =
      asked.errors.length > 0
        ? null
        : await this.queryBus.execute(
            new ReadStatementQuery(actor, agreementId, account, {
              after: asked.after,
              limit: asked.limit,
            }),
          );
    const view = statement && statementView(agreementId, asked, statement, mayReadEvents(actor));
    const path = statementPath(agreementId, account);
    return this.pages.render(request, reply, {
      template: 'statements.njk',
      title: `Statement of ${account}${view && view.page > 1 ? ` (page ${view.page})` : ''} – ${agreementId}`,
      section: 'agreements',
      status: asked.errors.length > 0 ? 400 : 200,
      hasErrors: asked.errors.length > 0,
      data: {
        agreementId,
        financialYear: summary.financialYear,
        heading: `Statement of ${account}`,
        account,
        accountsHref: agreementPagePath(agreementId, 'statements'),
        navigation: agreementNavigation(agreementId, 'statements', NO_CLOCKS),
        statement: view,
        downloads: view && {
          csv: `${path}/statement.csv${view.downloadQuery}`,
          xlsx: `${path}/statement.xlsx${view.downloadQuery}`,
          label:
            view.page > 1
              ? `This page of the statement (page ${view.page})`
              : 'This page of the statement',
        },
        ...errorSummaryOf(asked.errors),
      },
    });
  }

  @Get(':agreementId/accounts/:account/statement.csv')
  @SignedInPage('ReadReports')
  statementCsv(
    @Param('agreementId') agreementId: string,
    @Param('account') account: string,
    @Query() address: StatementAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.download('csv', agreementId, account, address, actor, reply);
  }

  @Get(':agreementId/accounts/:account/statement.xlsx')
  @SignedInPage('ReadReports')
  statementXlsx(
    @Param('agreementId') agreementId: string,
    @Param('account') account: string,
    @Query() address: StatementAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.download('xlsx', agreementId, account, address, actor, reply);
  }

  /** An event of the agreement's own stream, with its audit metadata (GET …/events's query). */
  @Get(':agreementId/events/:position')
  @SignedInPage('ReadEventStream')
  async event(
    @Param('agreementId') agreementId: string,
    @Param('position') position: string,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const stream: StreamEvents = await this.queryBus.execute(
      new ReadAgreementEventsQuery(actor, agreementId),
    );
    const event = /^[1-9]\d{0,15}$/.test(position)
      ? stream.events.find((candidate) => candidate.position === Number(position))
      : undefined;
    if (event === undefined) throw new NotFoundException('No event of this agreement is there');
    return this.pages.render(request, reply, {
      template: 'event.njk',
      title: `Event ${event.position} – ${agreementId}`,
      section: 'agreements',
      data: {
        ...eventView(event),
        back: { href: agreementPagePath(agreementId, 'statements'), text: 'Statements' },
      },
    });
  }

  private summary(actor: Actor, agreementId: string): Promise<AgreementSummary> {
    return this.queryBus.execute(new ReadAgreementSummaryQuery(actor, agreementId));
  }

  private async download(
    format: 'csv' | 'xlsx',
    agreementId: string,
    account: string,
    address: StatementAddress,
    actor: Actor,
    reply: FastifyReply,
  ): Promise<unknown> {
    const asked = readStatementAddress(address);
    if (asked.errors.length > 0)
      throw new ReportQueryError(asked.errors[0].field, asked.errors[0].message);
    const report: AccountStatement = await this.queryBus.execute(
      new ReadStatementQuery(actor, agreementId, account, {
        after: asked.after,
        limit: asked.limit,
      }),
    );
    void reply.header('cache-control', 'no-store');
    // The same file as GET …/statement?format=csv|xlsx with the same cursor and limit.
    return replyWithReport(reply, { format }, report, {
      report: 'statement',
      document: statementDocument,
      agreementId,
      name: `statement-${account}`,
      asOf: todayIn(this.clock),
      clock: this.clock,
    });
  }
}

/** Whether the statement's lines link to their events: the roles that may read them. */
function mayReadEvents(actor: Actor): boolean {
  return roleMayPerform(actor.role, 'ReadEventStream');
}
