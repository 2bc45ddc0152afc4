import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageRenderer } from '../pages/page-renderer';
import { WebPages } from '../pages/web-pages.decorator';
import { CsrfGuard } from '../session/csrf.guard';
import { OpenPage, SignedInPage } from '../session/page-access';
import { signedInActor, signOut } from '../session/web-session';
import { WEB_PATHS } from '../web-paths';

/**
 * Signing out is a form post (the header's "Sign out" button), with its CSRF token, so another
 * site cannot sign anyone out; it clears the session cookie and comes back here by GET, which
 * says so. Opened while signed in (a typed address), the page offers the button instead.
 */
@WebPages()
@Controller('sign-out')
export class SignOutController {
  constructor(private readonly pages: PageRenderer) {}

  @Get()
  @OpenPage()
  page(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const signedIn = signedInActor(request) !== null;
    return this.pages.render(request, reply, {
      template: 'sign-out.njk',
      title: signedIn ? 'Sign out' : 'You have signed out',
      data: { stillSignedIn: signedIn },
    });
  }

  @Post()
  @SignedInPage(null)
  @UseGuards(CsrfGuard)
  signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    signOut(request);
    void reply.redirect(WEB_PATHS.signOut, 303);
  }
}
