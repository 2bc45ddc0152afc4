import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageRenderer } from '../pages/page-renderer';
import { WebPages } from '../pages/web-pages.decorator';
import { OpenPage } from '../session/page-access';

/**
 * The sign-in page where no way of signing in is set up: development sign-in is off (a real
 * LEDGER_JWT_SECRET is set) and no OpenID Connect provider is configured. It says so, with 503, rather
 * than letting every page redirect to an address that does not exist.
 */
@WebPages()
@Controller('sign-in')
export class SignInUnavailableController {
  constructor(private readonly pages: PageRenderer) {}

  @Get()
  @OpenPage()
  page(
    // Where the visitor was going: the redirect to here says, as to the development sign-in.
    @Query('returnTo') _returnTo: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.pages.render(request, reply, {
      template: 'sign-in-unavailable.njk',
      title: 'You cannot sign in yet',
      status: 503,
    });
  }
}
