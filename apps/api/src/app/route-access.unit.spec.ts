/**
 * Proves that every route of the API either declares the ledger action it performs (so the
 * guard can check the role) or is explicitly public, and that only health, readiness and
 * development tokens are public. Reads the routes' own Nest metadata; no app is started.
 */
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { IssueDevTokenController } from '../dev-tokens/issue-dev-token/issue-dev-token.controller';
import { PUBLIC_ROUTE, REQUIRED_ACTION } from '../http/auth/route-access';
import { USE_CASE_CONTROLLERS } from './use-case-catalogue';

interface RouteAccess {
  route: string;
  action: unknown;
  isPublic: boolean;
}

function routesOf(controller: new (...args: never[]) => object): RouteAccess[] {
  const prototype = controller.prototype as Record<string, unknown>;
  const base = String(Reflect.getMetadata(PATH_METADATA, controller));
  return Object.getOwnPropertyNames(prototype)
    .map((name) => prototype[name])
    .filter((handler): handler is object => Reflect.hasMetadata(METHOD_METADATA, handler as object))
    .map((handler) => ({
      route: `/${base}/${String(Reflect.getMetadata(PATH_METADATA, handler))}`
        .replace(/\/+/g, '/')
        .replace(/\/$/, ''),
      action: Reflect.getMetadata(REQUIRED_ACTION, handler),
      isPublic: Reflect.getMetadata(PUBLIC_ROUTE, handler) === true,
    }));
}

const ROUTES = [...USE_CASE_CONTROLLERS, IssueDevTokenController].flatMap(routesOf);

describe('route access declarations', () => {
  it('finds the routes of the API: commands, stream reads, the log, health, tokens', () => {
    expect(ROUTES.map((r) => r.route)).toEqual(
      expect.arrayContaining([
        '/v1/agreements',
        '/v1/agreements/:agreementId/reinvestments',
        '/v1/agreements/:agreementId/period-closes',
        '/v1/cases/:caseId/placements/:placementId/end',
        '/v1/cases/:caseId/events',
        '/v1/events',
        '/health',
        '/ready',
        '/v1/dev/tokens',
      ]),
    );
    expect(ROUTES.length).toBeGreaterThanOrEqual(18);
  });

  it.each(ROUTES)('$route declares an action or is public', ({ action, isPublic }) => {
    expect(isPublic || typeof action === 'string').toBe(true);
  });

  it('makes only health, readiness and development tokens public', () => {
    const publicRoutes = ROUTES.filter((r) => r.isPublic).map((r) => r.route);
    expect(publicRoutes).toEqual(['/health', '/ready', '/v1/dev/tokens']);
  });
});
