import type { Actor } from '@ledger/event-store';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequiresAction } from '../../http/auth/route-access';
import { eventView, type EventView } from '../../http/event-view';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { GlobalLogPageQuery } from './read-global-log.dto';
import { ReadGlobalLogQuery } from './read-global-log.handler';

const DEFAULT_PAGE = 100;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/events')
export class ReadGlobalLogController {
  constructor(private readonly queryBus: QueryBus) {}

  /** Every event of the ledger in log order, one page at a time; for reviewers and admins. */
  @Get()
  @RequiresAction('ReadGlobalLog')
  @ApiOkResponse({ description: 'A page of the global log; continue with after = nextAfter' })
  async page(
    @Query() query: GlobalLogPageQuery,
    @CurrentActor() actor: Actor,
  ): Promise<{ events: EventView[]; nextAfter: number }> {
    const asked = new ReadGlobalLogQuery(actor, query.after ?? 0, query.limit ?? DEFAULT_PAGE);
    const page = await this.queryBus.execute(asked);
    return { events: page.events.map(eventView), nextAfter: page.nextAfter };
  }
}
