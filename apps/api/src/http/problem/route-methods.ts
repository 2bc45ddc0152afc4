import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The methods some route serves at a path, to answer 405 rather than 404. */
    methodsAt: (path: string) => string[];
  }
}

/**
 * Records every route's method and URL pattern as routes are added, so that a request for a path
 * that exists, with a method it does not serve, is answered 405 with an `Allow` header.
 */
export function recordRouteMethods(fastify: FastifyInstance): void {
  const routes: Array<{ method: string; pattern: RegExp }> = [];
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      routes.push({ method, pattern: patternOf(route.url) });
    }
  });
  fastify.decorate('methodsAt', (path: string) => [
    ...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method)),
  ]);
}

/** `/v1/cases/:caseId/placements` matches `/v1/cases/c1/placements`; `*` matches the rest. */
function patternOf(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) return '[^/]+';
      if (segment === '*') return '.*';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

/** The methods served at the request's path; empty when no route has that path at all. */
export function methodsServedAt(request: FastifyRequest): string[] {
  const { methodsAt } = request.server as Partial<Pick<FastifyInstance, 'methodsAt'>>;
  return methodsAt ? methodsAt(request.url.split('?')[0]) : [];
}
