import type { OrganisationHistory } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { etagOf } from '../../http/write-receipt';
import { odsCodeOfPath } from '../ods-code-path';
import { eventView, type EventView } from '../../http/event-view';
import { ReadOrganisationEventsQuery, ReadOrganisationQuery } from './read-organisation.handler';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('v1/organisations')
export class ReadOrganisationController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':odsCode')
  @RequiresAction('ReadOrganisations')
  @ApiOkResponse({
    description:
      "The organisation's name today and its every naming, with who recorded each and when; " +
      'ETag is its stream revision (If-Match for the next naming). 404 ORGANISATION.NOT_FOUND ' +
      'for a code never named.',
  })
  async history(
    @Param('odsCode') odsCode: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganisationHistory> {
    const query = new ReadOrganisationQuery(actor, odsCodeOfPath(odsCode));
    const history = await this.queryBus.execute(query);
    void reply.header('etag', etagOf(history.revision));
    return history;
  }

  @Get(':odsCode/events')
  @RequiresAction('ReadEventStream')
  @ApiOkResponse({ description: "The organisation's events with their audit metadata" })
  async events(
    @Param('odsCode') odsCode: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ streamId: string; revision: number; events: EventView[] }> {
    const query = new ReadOrganisationEventsQuery(actor, odsCodeOfPath(odsCode));
    const { streamId, revision, events } = await this.queryBus.execute(query);
    void reply.header('etag', etagOf(revision));
    return { streamId, revision, events: events.map(eventView) };
  }
}
