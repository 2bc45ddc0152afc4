import { Module, type DynamicModule } from '@nestjs/common';
import { AgreementFormsController } from './agreements/agreement-forms/agreement-forms.controller';
import { AgreementListController } from './agreements/agreement-list/agreement-list.controller';
import { AgreementOverviewController } from './agreements/agreement-overview/agreement-overview.controller';
import { AgreementReportsController } from './agreements/agreement-reports/agreement-reports.controller';
import { ReportDownloadController } from './agreements/report-downloads/report-download.controller';
import { BudgetDownloadController } from './agreements/budget-download/budget-download.controller';
import { StatementsController } from './agreements/statements/statements.controller';
import { CasesController } from './cases/cases.controller';
import { EventsController } from './events/events.controller';
import { ErrorPages } from './errors/error-pages';
import { HomeController } from './home/home.controller';
import { PageRenderer } from './pages/page-renderer';
import { DevSignInController } from './sign-in/dev-sign-in.controller';
import { OidcSignInController } from './sign-in/oidc-sign-in.controller';
import { ProviderSignInPageController } from './sign-in/provider-sign-in-page.controller';
import { SignInUnavailableController } from './sign-in/sign-in-unavailable.controller';
import { SignOutController } from './sign-in/sign-out.controller';
import { WEB_CLOCK, WEB_OPENID_PROVIDER, type WebOptions } from './web-options';

/**
 * The pages, for a signed-in actor, that read through the same queries as the API, and the
 * forms that write through the same commands.
 */
export const WEB_PAGE_CONTROLLERS = [
  HomeController,
  AgreementListController,
  AgreementOverviewController,
  AgreementFormsController,
  BudgetDownloadController,
  AgreementReportsController,
  ReportDownloadController,
  StatementsController,
  CasesController,
  EventsController,
  SignOutController,
];

/**
 * The web app: server-rendered pages in the NHS.UK design system, served by the API's process
 * beside /v1 and reading through the same QueryBus queries (the use-case layer), never through
 * the API over HTTP. Its Fastify plugins (session, CSRF, views, assets) are `installWeb`'s.
 */
@Module({})
export class WebModule {
  static forRoot(options: WebOptions): DynamicModule {
    return {
      module: WebModule,
      controllers: [...WEB_PAGE_CONTROLLERS, ...signInControllers(options)],
      providers: [
        { provide: WEB_CLOCK, useValue: options.clock },
        { provide: WEB_OPENID_PROVIDER, useValue: options.provider },
        PageRenderer,
        ErrorPages,
      ],
      exports: [ErrorPages],
    };
  }
}

/**
 * The ways in: development sign-in while development tokens are on, sign-in with the
 * organisation's account when a provider is configured (both may be), else a page saying no
 * way of signing in is set up.
 */
function signInControllers(options: WebOptions) {
  const page = options.devSignIn
    ? DevSignInController
    : options.provider
      ? ProviderSignInPageController
      : SignInUnavailableController;
  return options.provider ? [page, OidcSignInController] : [page];
}
