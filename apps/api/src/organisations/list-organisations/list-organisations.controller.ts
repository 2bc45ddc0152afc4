import {
  organisationRegisterCsv,
  todayIn,
  type Clock,
  type OrganisationRegister,
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
import { ListOrganisationsQueryDto } from './list-organisations.dto';
import { ListOrganisationsQuery } from './list-organisations.handler';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('v1/organisations')
export class ListOrganisationsController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The organisation register: every named organisation, by ODS code, a page at a time. */
  @Get()
  @RequiresAction('ReadOrganisations')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      'A page of the register: each ODS code with the name in force on asOf; continue with next',
  })
  async list(
    @Query() query: ListOrganisationsQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ListView<OrganisationRegister> | string> {
    const page = await this.queryBus.execute(new ListOrganisationsQuery(actor, query));
    return replyWithList(
      reply,
      { path: '/v1/organisations', query, page },
      { table: organisationRegisterCsv, name: 'organisations', today: todayIn(this.clock) },
    );
  }
}
