import {
  Controller,
  Get,
  Inject,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors, generators } from 'openid-client';
import type { OpenIdProvider } from '../../http/auth/open-id-provider';
import { actorFromClaims } from '../../http/auth/provider-claims';
import { PageRenderer } from '../pages/page-renderer';
import { WebPages } from '../pages/web-pages.decorator';
import { OpenPage } from '../session/page-access';
import { signIn } from '../session/web-session';
import { WEB_OPENID_PROVIDER } from '../web-options';
import { safeReturnPath, WEB_PATHS } from '../web-paths';
import { refusalPage } from './sign-in-refusal';

/**
 * Sign-in with the organisation's account: OpenID Connect's authorization code flow with PKCE,
 * run from the server with openid-client. `/sign-in/oidc` keeps a fresh state, nonce and PKCE
 * verifier in the sealed session and sends the browser to the provider; `/sign-in/callback`
 * takes them out (once: a replayed callback finds nothing), has openid-client exchange the code
 * and validate the ID token (issuer, audience, signature, nonce), maps the claims to an actor,
 * and signs in through `signIn`, exactly as the development sign-in does. A person whose claims
 * name no ledger role is told what to ask for, and nobody is signed in.
 */
@WebPages()
@Controller('sign-in')
export class OidcSignInController {
  constructor(
    @Inject(WEB_OPENID_PROVIDER) private readonly provider: OpenIdProvider,
    private readonly pages: PageRenderer,
  ) {}

  @Get('oidc')
  @OpenPage()
  async start(
    @Query('returnTo') returnTo: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const { client } = await this.provider.discovered();
    const { settings } = this.provider;
    const state = generators.state();
    const nonce = generators.nonce();
    const codeVerifier = generators.codeVerifier();
    request.session.set('oidcSignIn', {
      state,
      nonce,
      codeVerifier,
      returnTo: safeReturnPath(returnTo),
    });
    const url = client.authorizationUrl({
      redirect_uri: settings.redirectUrl,
      scope: settings.scopes.join(' '),
      state,
      nonce,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    void reply.redirect(url, 303);
  }

  @Get('callback')
  @OpenPage()
  async callback(
    // The provider's answer (code, state, iss, or error): openid-client reads it whole, below.
    @Query('state') _state: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const pending = request.session.get('oidcSignIn');
    // Used once, whatever happens next: the same callback sent again finds nothing under way.
    request.session.set('oidcSignIn', undefined);
    if (pending === undefined) return this.notFinished(request, reply);
    const { client, issuer } = await this.provider.discovered();
    const { settings } = this.provider;
    let claims: Record<string, unknown>;
    let idToken: string | undefined;
    try {
      const tokens = await client.callback(
        settings.redirectUrl,
        client.callbackParams(request.raw),
        {
          state: pending.state,
          nonce: pending.nonce,
          code_verifier: pending.codeVerifier,
          response_type: 'code',
        },
      );
      idToken = tokens.id_token;
      claims = tokens.claims();
      // Some providers (CIS2) give the role and organisation only at the userinfo endpoint;
      // openid-client checks its `sub` is the ID token's.
      const missing =
        claims[settings.roleClaim] === undefined ||
        claims[settings.organisationClaim] === undefined;
      if (missing && issuer.metadata.userinfo_endpoint && tokens.access_token) {
        claims = { ...(await client.userinfo(tokens)), ...claims };
      }
    } catch (error) {
      if (error instanceof errors.OPError || error instanceof errors.RPError) {
        request.log.info({ err: error }, 'an OpenID Connect sign-in was refused');
        return this.notFinished(request, reply);
      }
      throw new ServiceUnavailableException('The identity provider cannot be reached');
    }
    const mapped = actorFromClaims(claims, settings);
    if ('refused' in mapped) {
      request.session.regenerate();
      return this.pages.render(request, reply, refusalPage(mapped.refused));
    }
    signIn(request, mapped.actor, idToken);
    void reply.redirect(pending.returnTo ?? WEB_PATHS.agreements, 303);
    return undefined;
  }

  /** State that does not match, a callback with no sign-in under way, or the provider's error. */
  private notFinished(request: FastifyRequest, reply: FastifyReply): Promise<string> {
    return this.pages.render(request, reply, {
      template: 'error.njk',
      title: 'Your sign-in could not be finished',
      status: 400,
      data: {
        heading: 'Your sign-in could not be finished',
        paragraphs: [
          'The answer from your organisation’s sign-in service did not match a sign-in started here, ' +
            'or had already been used, or said the sign-in was not allowed.',
          'Start again from the sign-in page.',
        ],
        signInLink: true,
      },
    });
  }
}
