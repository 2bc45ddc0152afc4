import {
  agreementListCsv,
  todayIn,
  withListNames,
  type AgreementList,
  type Named,
  type Clock,
} from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CLOCK } from '../../app/injection-tokens';
import { RequiresAction } from '../../http/auth/route-access';
import { replyWithList, type ListView } from '../../http/lists/list-reply';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { ListAgreementsQueryDto } from './list-agreements.dto';
import { ListAgreementsQuery } from './list-agreements.handler';

@ApiTags('agreements')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ListAgreementsController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The agreements the caller may see, by financial year then id, a page at a time. */
  @Get()
  @RequiresAction('ReadSummary')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'A page of agreements; continue with next (after=nextCursor)' })
  async list(
    @Query() query: ListAgreementsQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ListView<Named<AgreementList>> | string> {
    const page = await this.queryBus.execute(new ListAgreementsQuery(actor, query));
    return replyWithList(
      reply,
      { path: '/v1/agreements', query, page },
      {
        // A name column beside each code column, from the names the handler added.
        table: (list) => withListNames(agreementListCsv(list), list.organisations),
        name: 'agreements',
        today: todayIn(this.clock),
      },
    );
  }
}
