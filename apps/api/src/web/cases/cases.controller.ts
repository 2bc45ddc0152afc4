import type { CaseList, CaseSummary } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { SavingsReport } from '@ledger/read-model';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListCasesQuery } from '../../cases/list-cases/list-cases.handler';
import { ReadCaseSummaryQuery } from '../../cases/read-case/read-case.handler';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { ReadSavingsQuery } from '../../reports/read-savings/read-savings.handler';
import { errorSummaryOf } from '../pages/error-summary';
import { PageRenderer } from '../pages/page-renderer';
import { WebPages } from '../pages/web-pages.decorator';
import { SignedInPage } from '../session/page-access';
import { caseView } from './case.view';
import {
  CASES_PER_PAGE,
  caseListView,
  readCaseListAddress,
  type CaseListAddress,
} from './case-list.view';

/**
 * The cases the signed-in actor may see (GET /v1/cases's query, `ListCasesQuery`, scoped by the
 * same authorisation), filtered with a GET form and paged; and one case (GET /v1/cases/{id}'s
 * query) with its timeline, each placement's nights and cost, and its savings (the savings
 * report of its agreement, as GET …/reports/savings answers it).
 */
@WebPages()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @SignedInPage('ReadSummary')
  async list(
    @Query() address: CaseListAddress,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const asked = readCaseListAddress(address);
    const list: CaseList | null =
      asked.errors.length > 0
        ? null
        : await this.queryBus.execute(
            new ListCasesQuery(actor, {
              ...asked.filters,
              after: asked.after,
              limit: CASES_PER_PAGE,
            }),
          );
    const view = caseListView(asked, list);
    return this.pages.render(request, reply, {
      template: 'cases.njk',
      title: view.page > 1 ? `Cases (page ${view.page})` : 'Cases',
      section: 'cases',
      status: asked.errors.length > 0 ? 400 : 200,
      hasErrors: asked.errors.length > 0,
      data: { ...view, ...errorSummaryOf(asked.errors) },
    });
  }

  @Get(':caseId')
  @SignedInPage('ReadSummary')
  async case(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const summary: CaseSummary = await this.queryBus.execute(
      new ReadCaseSummaryQuery(actor, caseId),
    );
    const savings: SavingsReport = await this.queryBus.execute(
      new ReadSavingsQuery(actor, summary.agreementId, {}),
    );
    return this.pages.render(request, reply, {
      template: 'case.njk',
      title: `Case ${summary.caseId}`,
      section: 'cases',
      data: caseView(summary, savings),
    });
  }
}
