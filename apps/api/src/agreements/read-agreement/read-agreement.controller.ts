import type { AgreementSummary } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { eventView, type EventView } from '../../http/event-view';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { etagOf } from '../../http/write-receipt';
import { ReadAgreementEventsQuery, ReadAgreementSummaryQuery } from './read-agreement.handler';

@ApiTags('agreements')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReadAgreementController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':agreementId')
  @RequiresAction('ReadSummary')
  @ApiOkResponse({ description: 'The agreement now: terms, budgets, retained savings' })
  async summary(
    @Param('agreementId') agreementId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgreementSummary> {
    const summary = await this.queryBus.execute(new ReadAgreementSummaryQuery(actor, agreementId));
    void reply.header('etag', etagOf(summary.revision));
    return summary;
  }

  @Get(':agreementId/events')
  @RequiresAction('ReadEventStream')
  @ApiOkResponse({ description: "The agreement's events with their audit metadata" })
  async events(
    @Param('agreementId') agreementId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ streamId: string; revision: number; events: EventView[] }> {
    const query = new ReadAgreementEventsQuery(actor, agreementId);
    const { streamId, revision, events } = await this.queryBus.execute(query);
    void reply.header('etag', etagOf(revision));
    return { streamId, revision, events: events.map(eventView) };
  }
}
