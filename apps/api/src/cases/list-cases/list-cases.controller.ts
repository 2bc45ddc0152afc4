import {
  caseListCsv,
  todayIn,
  withListNames,
  type CaseList,
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
import { ListCasesQueryDto } from './list-cases.dto';
import { ListCasesQuery } from './list-cases.handler';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class ListCasesController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The cases of the agreements the caller may see, by financial year then id, a page at a time. */
  @Get()
  @RequiresAction('ReadSummary')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'A page of cases; continue with next (after=nextCursor)' })
  async list(
    @Query() query: ListCasesQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ListView<Named<CaseList>> | string> {
    const page = await this.queryBus.execute(new ListCasesQuery(actor, query));
    return replyWithList(
      reply,
      { path: '/v1/cases', query, page },
      {
        // A name column beside each code column, from the names the handler added.
        table: (list) => withListNames(caseListCsv(list), list.organisations),
        name: 'cases',
        today: todayIn(this.clock),
      },
    );
  }
}
