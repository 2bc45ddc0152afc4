import type { AgreementSummary } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadAgreementSummaryQuery } from '../../../agreements/read-agreement/read-agreement.handler';
import { CurrentActor } from '../../../http/request/ledger-request.decorator';
import { ReadBudgetQuery } from '../../../reports/read-budget/read-budget.handler';
import { errorSummaryOf } from '../../pages/error-summary';
import { PageRenderer } from '../../pages/page-renderer';
import { WebPages } from '../../pages/web-pages.decorator';
import { SignedInPage } from '../../session/page-access';
import { agreementOverviewView } from './agreement-overview.view';
import { readAtKnowledgeTime } from '../agreement-pages';
import { readTimeTravel, type TimeTravelAddress } from './time-travel';

/**
 * An agreement's overview: its terms (GET /v1/agreements/{id}'s query) and budget against
 * actual (the budget report's query) at the business date and knowledge time the GET form
 * asks, each checked by the use-case layer exactly as for the API.
 */
@WebPages()
@Controller('agreements')
export class AgreementOverviewController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':agreementId')
  @SignedInPage('ReadReports')
  async overview(
    @Param('agreementId') agreementId: string,
    @Query() address: TimeTravelAddress,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const summary: AgreementSummary = await this.queryBus.execute(
      new ReadAgreementSummaryQuery(actor, agreementId),
    );
    const travel = readTimeTravel(address);
    const { report, errors } =
      travel.errors.length > 0
        ? { report: null, errors: travel.errors }
        : await readAtKnowledgeTime(travel.knownAt, () =>
            this.queryBus.execute(
              new ReadBudgetQuery(actor, agreementId, {
                asOf: travel.asOf,
                knownAt: travel.knownAt,
              }),
            ),
          );
    const view = agreementOverviewView(summary, report, travel);
    return this.pages.render(request, reply, {
      template: 'agreement.njk',
      title: summary.agreementId,
      section: 'agreements',
      status: errors.length > 0 ? 400 : 200,
      hasErrors: errors.length > 0,
      data: {
        ...view,
        ...errorSummaryOf(errors),
      },
    });
  }
}
