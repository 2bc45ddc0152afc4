/**
 * Proves that every route of the web app declares who may open it (a signed-in role with the
 * read it performs, or anyone, for signing in), that each is a page to the API's bearer-token
 * guard, and that each controller has the session guard and the page error filter. Reads the
 * routes' own Nest metadata; no app is started.
 */
import {
  GUARDS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
} from '@nestjs/common/constants';
import { PAGE_ROUTE, PUBLIC_ROUTE, REQUIRED_ACTION } from '../http/auth/route-access';
import { PageErrorFilter } from './errors/page-error.filter';
import { PAGE_ACCESS, PageAccessGuard, type PageAccess } from './session/page-access';
import { CsrfGuard } from './session/csrf.guard';
import { DevSignInController } from './sign-in/dev-sign-in.controller';
import { OidcSignInController } from './sign-in/oidc-sign-in.controller';
import { ProviderSignInPageController } from './sign-in/provider-sign-in-page.controller';
import { SignInUnavailableController } from './sign-in/sign-in-unavailable.controller';
import { WEB_PAGE_CONTROLLERS } from './web.module';

const CONTROLLERS = [
  ...WEB_PAGE_CONTROLLERS,
  DevSignInController,
  SignInUnavailableController,
  ProviderSignInPageController,
  OidcSignInController,
];

interface WebRoute {
  route: string;
  access: PageAccess | undefined;
  page: boolean;
  bearer: boolean;
  csrf: boolean;
}

const RequestMethod = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'];

/** `/<controller path>/<route path>`, without doubled or trailing slashes (but `/` itself). */
function pathOf(base: string, route: string): string {
  return `/${base}/${route}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

function routesOf(controller: new (...args: never[]) => object): WebRoute[] {
  const prototype = controller.prototype as Record<string, unknown>;
  const base = String(Reflect.getMetadata(PATH_METADATA, controller));
  return Object.getOwnPropertyNames(prototype)
    .map((name) => prototype[name] as object)
    .filter((handler) => Reflect.hasMetadata(METHOD_METADATA, handler))
    .map((handler) => ({
      route: `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} ${pathOf(
        base,
        String(Reflect.getMetadata(PATH_METADATA, handler)),
      )}`,
      access: Reflect.getMetadata(PAGE_ACCESS, handler) as PageAccess | undefined,
      page: Reflect.getMetadata(PAGE_ROUTE, handler) === true,
      bearer:
        Reflect.getMetadata(PUBLIC_ROUTE, handler) === true ||
        Reflect.getMetadata(REQUIRED_ACTION, handler) !== undefined,
      csrf: ((Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[]).includes(
        CsrfGuard,
      ),
    }));
}

const ROUTES = CONTROLLERS.flatMap(routesOf);

describe('web route declarations', () => {
  it("finds the pages: home, sign-in, sign-out, the agreements, an agreement's pages, downloads and forms, statements, the cases, the event log", () => {
    expect(ROUTES.map((r) => r.route).sort()).toEqual([
      'GET /',
      'GET /agreements',
      'GET /agreements/:agreementId',
      'GET /agreements/:agreementId/accounts',
      'GET /agreements/:agreementId/accounts/:account',
      'GET /agreements/:agreementId/accounts/:account/statement.csv',
      'GET /agreements/:agreementId/accounts/:account/statement.xlsx',
      'GET /agreements/:agreementId/allocations/new',
      'GET /agreements/:agreementId/budget.csv',
      'GET /agreements/:agreementId/budget.xlsx',
      'GET /agreements/:agreementId/chain',
      'GET /agreements/:agreementId/chain.csv',
      'GET /agreements/:agreementId/chain.xlsx',
      'GET /agreements/:agreementId/events/:position',
      'GET /agreements/:agreementId/management-accounts',
      'GET /agreements/:agreementId/management-accounts.csv',
      'GET /agreements/:agreementId/management-accounts.xlsx',
      'GET /agreements/:agreementId/out-of-area',
      'GET /agreements/:agreementId/out-of-area.csv',
      'GET /agreements/:agreementId/out-of-area.xlsx',
      'GET /agreements/:agreementId/reinvestments/new',
      'GET /agreements/:agreementId/savings',
      'GET /agreements/:agreementId/savings.csv',
      'GET /agreements/:agreementId/savings.xlsx',
      'GET /cases',
      'GET /cases/:caseId',
      'GET /events',
      'GET /events/:position',
      'GET /events/verify',
      'GET /sign-in',
      'GET /sign-in',
      'GET /sign-in',
      'GET /sign-in/callback',
      'GET /sign-in/oidc',
      'GET /sign-out',
      'POST /agreements/:agreementId/allocations/new',
      'POST /agreements/:agreementId/period-closes',
      'POST /agreements/:agreementId/reinvestments/new',
      'POST /sign-in',
      'POST /sign-out',
    ]);
  });

  it.each(ROUTES)('$route is a page with its access declared, and no bearer-token route', (r) => {
    expect(r.page).toBe(true);
    expect(r.access).toBeDefined();
    expect(r.bearer).toBe(false);
  });

  it('opens only the sign-in and sign-out pages to visitors who are not signed in', () => {
    const open = ROUTES.filter((r) => r.access?.signedIn === false).map((r) => r.route);
    expect(open.sort()).toEqual([
      'GET /sign-in',
      'GET /sign-in',
      'GET /sign-in',
      'GET /sign-in/callback',
      'GET /sign-in/oidc',
      'GET /sign-out',
      'POST /sign-in',
    ]);
  });

  it('checks a CSRF token on every form post', () => {
    const posts = ROUTES.filter((r) => r.route.startsWith('POST '));
    expect(posts.length).toBeGreaterThan(0);
    for (const post of posts)
      expect({ route: post.route, csrf: post.csrf }).toEqual({ route: post.route, csrf: true });
  });

  it.each(CONTROLLERS)('%p has the session guard and the page error filter', (controller) => {
    expect(Reflect.getMetadata(GUARDS_METADATA, controller)).toEqual([PageAccessGuard]);
    expect(Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, controller)).toEqual([PageErrorFilter]);
  });
});
