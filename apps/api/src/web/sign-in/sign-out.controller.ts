import { Controller, Get, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { OpenIdProvider } from '../../http/auth/open-id-provider';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageRenderer } from '../pages/page-renderer';
import { WebPages } from '../pages/web-pages.decorator';
import { CsrfGuard } from '../session/csrf.guard';
import { OpenPage, SignedInPage } from '../session/page-access';
import { signedInActor, signOut } from '../session/web-session';
import { WEB_OPENID_PROVIDER } from '../web-options';
import { WEB_PATHS } from '../web-paths';

/**
 * Signing out is a form post (the header's "Sign out" button), with its CSRF token, so another
 * site cannot sign anyone out; it clears the session cookie and comes back here by GET, which
 * says so. Opened while signed in (a typed address), the page offers the button instead.
 * Someone who signed in with their organisation's account is sent on to the provider's
 * `end_session_endpoint` (when it has one) to end that session too, and comes back here.
 */
@WebPages()
@Controller('sign-out')
export class SignOutController {
  constructor(
    private readonly pages: PageRenderer,
    @Inject(WEB_OPENID_PROVIDER) private readonly provider: OpenIdProvider | null,
  ) {}

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
  async signOut(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const idToken = request.session.get('idToken');
    signOut(request);
    void reply.redirect((await this.providerSignOut(idToken)) ?? WEB_PATHS.signOut, 303);
  }

  /** The provider's sign-out address, for a session it signed in; null: this service's alone. */
  private async providerSignOut(idToken: string | undefined): Promise<string | null> {
    if (this.provider === null || idToken === undefined) return null;
    try {
      const { client, issuer } = await this.provider.discovered();
      if (issuer.metadata.end_session_endpoint === undefined) return null;
      return client.endSessionUrl({
        id_token_hint: idToken,
        post_logout_redirect_uri: new URL(WEB_PATHS.signOut, this.provider.settings.redirectUrl)
          .href,
      });
    } catch {
      // The provider cannot be reached: the local session has ended all the same.
      return null;
    }
  }
}
