import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageRenderer } from '../pages/page-renderer';
import { WebPages } from '../pages/web-pages.decorator';
import { OpenPage } from '../session/page-access';
import { safeReturnPath } from '../web-paths';

/**
 * The sign-in page of a real deployment: development sign-in is off, and the only way in is
 * the organisation's account (OpenID Connect, `OidcSignInController`).
 */
@WebPages()
@Controller('sign-in')
export class ProviderSignInPageController {
  constructor(private readonly pages: PageRenderer) {}

  @Get()
  @OpenPage()
  page(
    @Query('returnTo') returnTo: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.pages.render(request, reply, {
      template: 'sign-in.njk',
      title: 'Sign in',
      data: { devSignIn: false, returnTo: safeReturnPath(returnTo) ?? '' },
    });
  }
}
