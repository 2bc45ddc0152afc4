import type { AgreementList } from '@ledger/commands';
import { MAX_LIST_PAGE } from '@ledger/read-model';
import type { FieldError } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListAgreementsQuery } from '../../agreements/list-agreements/list-agreements.handler';
import { errorSummaryOf } from '../pages/error-summary';
import { PageRenderer } from '../pages/page-renderer';
import { WebPages } from '../pages/web-pages.decorator';
import { CsrfGuard } from '../session/csrf.guard';
import { OpenPage } from '../session/page-access';
import { signIn } from '../session/web-session';
import { safeReturnPath, WEB_PATHS } from '../web-paths';
import {
  organisationItems,
  readDevSignIn,
  roleItems,
  type DevSignInFields,
} from './dev-sign-in.form';

/**
 * Who the development sign-in lists organisations as: it reads the agreements list as a
 * reviewer would (every agreement), before anyone has signed in. Development only.
 */
const SIGN_IN_DIRECTORY: Actor = {
  subject: 'development-sign-in',
  role: 'reviewer',
  organisationCode: null,
};

/**
 * Development sign-in: choose a role and an organisation and be signed in as them, so the web
 * app can be tried without an identity provider. Registered only while the API hands out
 * development tokens (the same trust: anyone may be anyone). It sets the session exactly as the
 * OpenID Connect sign-in does, through `signIn`, and offers that sign-in above its form when a
 * provider is configured.
 */
@WebPages()
@Controller('sign-in')
export class DevSignInController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @OpenPage()
  async form(
    @Query('returnTo') returnTo: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.render(request, reply, { returnTo: safeReturnPath(returnTo) ?? '' }, []);
  }

  @Post()
  @OpenPage()
  @UseGuards(CsrfGuard)
  async signIn(
    @Body() fields: DevSignInFields,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const { actor, errors } = readDevSignIn(fields ?? {});
    if (actor === null) return this.render(request, reply, fields ?? {}, errors);
    signIn(request, actor);
    void reply.redirect(safeReturnPath(fields.returnTo) ?? WEB_PATHS.agreements, 303);
    return undefined;
  }

  private async render(
    request: FastifyRequest,
    reply: FastifyReply,
    fields: DevSignInFields,
    errors: FieldError[],
  ): Promise<string> {
    const directory: AgreementList = await this.queryBus.execute(
      new ListAgreementsQuery(SIGN_IN_DIRECTORY, { limit: MAX_LIST_PAGE }),
    );
    return this.pages.render(request, reply, {
      template: 'sign-in.njk',
      title: 'Sign in',
      hasForm: true,
      status: errors.length > 0 ? 400 : 200,
      hasErrors: errors.length > 0,
      data: {
        devSignIn: true,
        subject: fields.subject ?? '',
        returnTo: safeReturnPath(fields.returnTo) ?? '',
        roles: roleItems(fields.role),
        organisations: organisationItems(directory.agreements, fields.organisationCode),
        ...errorSummaryOf(errors),
      },
    });
  }
}
