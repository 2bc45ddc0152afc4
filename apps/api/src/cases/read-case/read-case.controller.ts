import type { CaseSummary } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { eventView, type EventView } from '../../http/event-view';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { etagOf } from '../../http/write-receipt';
import { ReadCaseEventsQuery, ReadCaseSummaryQuery } from './read-case.handler';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class ReadCaseController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':caseId')
  @RequiresAction('ReadSummary')
  @ApiOkResponse({ description: 'The case now: placements, rates, repatriations, discharge' })
  async summary(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseSummary> {
    const summary = await this.queryBus.execute(new ReadCaseSummaryQuery(actor, caseId));
    void reply.header('etag', etagOf(summary.revision));
    return summary;
  }

  @Get(':caseId/events')
  @RequiresAction('ReadEventStream')
  @ApiOkResponse({ description: "The case's events with their audit metadata" })
  async events(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ streamId: string; revision: number; events: EventView[] }> {
    const query = new ReadCaseEventsQuery(actor, caseId);
    const { streamId, revision, events } = await this.queryBus.execute(query);
    void reply.header('etag', etagOf(revision));
    return { streamId, revision, events: events.map(eventView) };
  }
}
