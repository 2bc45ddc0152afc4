import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { WebPages } from '../pages/web-pages.decorator';
import { SignedInPage } from '../session/page-access';
import { WEB_PATHS } from '../web-paths';

/** The service's front door: the agreements, once signed in (else the sign-in page). */
@WebPages()
@Controller()
export class HomeController {
  @Get()
  @SignedInPage('ReadSummary')
  home(@Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.redirect(WEB_PATHS.agreements, 303);
  }
}
