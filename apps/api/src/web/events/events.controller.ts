import type { LogSearchPage, LogVerification } from '@ledger/commands';
import type { Actor, RecordedEvent } from '@ledger/event-store';
import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor } from '../../http/request/ledger-request.decorator';
import { ReadEventQuery } from '../../ledger-log/read-event/read-event.handler';
import { SearchLogQuery } from '../../ledger-log/search-log/search-log.handler';
import { VerifyLogQuery } from '../../ledger-log/verify-log/verify-log.handler';
import { errorSummaryOf } from '../pages/error-summary';
import { PageRenderer } from '../pages/page-renderer';
import { WebPages } from '../pages/web-pages.decorator';
import { SignedInPage } from '../session/page-access';
import { WEB_PATHS } from '../web-paths';
import {
  EVENTS_PER_PAGE,
  eventLogView,
  logFilterOf,
  readEventLogAddress,
  type EventLogAddress,
} from './event-log.view';
import { eventView } from './event.view';
import { verificationView } from './verification.view';

/**
 * The global log for those who may read all of it (reviewers and admins, as GET /v1/events):
 * filtered by stream, type, user and recording time with a GET form and paged; one event with its
 * audit metadata; and the hash-chain check of the whole log, run by the use case that runs
 * `verifyChain` (the check `ledger verify` runs), never by hashing here.
 */
@WebPages()
@Controller('events')
export class EventsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @SignedInPage('ReadGlobalLog')
  async log(
    @Query() address: EventLogAddress,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const asked = readEventLogAddress(address);
    const page: LogSearchPage | null =
      asked.errors.length > 0
        ? null
        : await this.queryBus.execute(
            new SearchLogQuery(actor, logFilterOf(asked), asked.after, EVENTS_PER_PAGE),
          );
    const view = eventLogView(asked, page);
    return this.pages.render(request, reply, {
      template: 'events.njk',
      title: view.page > 1 ? `Event log (page ${view.page})` : 'Event log',
      section: 'events',
      status: asked.errors.length > 0 ? 400 : 200,
      hasErrors: asked.errors.length > 0,
      data: { ...view, ...errorSummaryOf(asked.errors) },
    });
  }

  @Get('verify')
  @SignedInPage('ReadGlobalLog')
  async verify(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const result: LogVerification = await this.queryBus.execute(new VerifyLogQuery(actor));
    return this.pages.render(request, reply, {
      template: 'verify.njk',
      title: 'Hash-chain check',
      section: 'events',
      data: verificationView(result),
    });
  }

  @Get(':position')
  @SignedInPage('ReadGlobalLog')
  async event(
    @Param('position') position: string,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const event: RecordedEvent | null = /^[1-9]\d{0,15}$/.test(position)
      ? await this.queryBus.execute(new ReadEventQuery(actor, Number(position)))
      : null;
    if (event === null) throw new NotFoundException('No event is at that position of the log');
    return this.pages.render(request, reply, {
      template: 'event.njk',
      title: `Event ${event.position}`,
      section: 'events',
      data: { ...eventView(event), back: { href: WEB_PATHS.events, text: 'Event log' } },
    });
  }
}
