import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Actor } from '@ledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListAgreementsQuery } from '../../../agreements/list-agreements/list-agreements.handler';
import { CurrentActor } from '../../../http/request/ledger-request.decorator';
import { errorSummaryOf } from '../../pages/error-summary';
import { PageRenderer } from '../../pages/page-renderer';
import { WebPages } from '../../pages/web-pages.decorator';
import { SignedInPage } from '../../session/page-access';
import {
  AGREEMENTS_PER_PAGE,
  agreementListView,
  readAgreementListAddress,
  type AgreementListAddress,
} from './agreement-list.view';

/**
 * The agreements the signed-in actor may see: the same query as GET /v1/agreements
 * (`ListAgreementsQuery`, scoped by the same authorisation), a page at a time, filtered by
 * financial year with a GET form.
 */
@WebPages()
@Controller('agreements')
export class AgreementListController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @SignedInPage('ReadSummary')
  async list(
    @Query() address: AgreementListAddress,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const asked = readAgreementListAddress(address);
    const list =
      asked.errors.length > 0
        ? null
        : await this.queryBus.execute(
            new ListAgreementsQuery(actor, {
              financialYear: asked.financialYear,
              after: asked.after,
              limit: AGREEMENTS_PER_PAGE,
            }),
          );
    const view = agreementListView(asked, list);
    return this.pages.render(request, reply, {
      template: 'agreements.njk',
      title: view.page > 1 ? `Agreements (page ${view.page})` : 'Agreements',
      section: 'agreements',
      status: asked.errors.length > 0 ? 400 : 200,
      hasErrors: asked.errors.length > 0,
      data: {
        ...view,
        ...errorSummaryOf(asked.errors),
      },
    });
  }
}
