import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Set once a request's line is written: an aborted request answered later is not logged twice. */
const LOGGED = Symbol('request logged');

type LoggedRequest = FastifyRequest & { [LOGGED]?: true };

/**
 * One log line per request, written when its answer has gone (or the caller gave up): what was
 * asked, of which route, by whom, how it ended and how long it took.
 *
 * `{"level":"info",…,"service":"api","requestId":"…","method":"POST",
 *   "route":"/v1/agreements/:agreementId/allocations","status":201,"durationMs":12.3,
 *   "correlationId":"…","subject":"alice","role":"commissioner-finance","organisation":"13R",
 *   "msg":"POST /v1/agreements/:agreementId/allocations 201"}`
 *
 * The route is the pattern Fastify matched, never the URL: a path or a query string may hold
 * what a caller should not have sent, and neither is logged; nor is a body or a header. The
 * request id comes from the request's own logger (Fastify's `requestIdLogLabel`), so every
 * other line logged for the request carries it too. The caller's subject, role and
 * organisation are there once the authentication guard has read a token (not for a public
 * route, nor for a request refused before it). A 5xx is logged at error, the rest at info.
 */
export function installRequestLog(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    logRequest(request, reply, false);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    logRequest(request, null, true);
    done();
  });
}

/** `request.actor` and `request.correlationId` are set by the guard and `installRequestContext`. */
function logRequest(request: LoggedRequest, reply: FastifyReply | null, aborted: boolean): void {
  if (request[LOGGED]) return;
  request[LOGGED] = true;
  const route = request.routeOptions.url ?? null;
  const status = reply?.statusCode ?? null;
  const actor = request.actor;
  const fields = {
    method: request.method,
    route,
    status,
    durationMs: reply === null ? null : Math.round(reply.elapsedTime * 10) / 10,
    correlationId: request.correlationId || null,
    ...(actor === undefined
      ? {}
      : { subject: actor.subject, role: actor.role, organisation: actor.organisationCode }),
    ...(aborted ? { aborted: true } : {}),
  };
  const message = `${request.method} ${route ?? '(no route)'} ${aborted ? 'aborted by the caller' : String(status)}`;
  if (status !== null && status >= 500) request.log.error(fields, message);
  else request.log.info(fields, message);
}

/**
 * How Fastify's own lines (few: it logs "Server listening at …", and request logging is off)
 * describe a request and a reply, if one ever names them: the method and the route pattern,
 * the status. Its defaults would write the URL, query string included.
 */
export const REQUEST_LOG_SERIALIZERS = {
  req: (request: FastifyRequest) => ({
    method: request.method,
    route: request.routeOptions?.url ?? null,
  }),
  res: (reply: FastifyReply) => ({ status: reply.statusCode }),
};
