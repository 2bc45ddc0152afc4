import { PROBLEM_CONTENT_TYPE } from '@ledger/contracts';
import {
  METRICS_PATH,
  PROMETHEUS_CONTENT_TYPE,
  type ApiMetrics,
  type CommandOutcome,
} from '@ledger/telemetry/metrics';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeKey, type WriteRoutes } from './write-routes';

/** The route label of a request no route matched (404s, 405s): never the raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Serves `GET /metrics` on the API's own port, outside `/v1` and outside Nest: no token, no
 * guard, no bus, not in the OpenAPI document, and not counted in the request metrics.
 */
export function serveMetricsRoute(fastify: FastifyInstance, metrics: ApiMetrics): void {
  fastify.get(METRICS_PATH, async (_request, reply) => {
    void reply.type(PROMETHEUS_CONTENT_TYPE).header('cache-control', 'no-store');
    return metrics.metrics();
  });
}

/**
 * Observes every answered request, at the last moment (Fastify's onResponse), so every answer
 * counts whatever produced it: a controller, a guard, the validation pipe, the body parser, the
 * not-found handler. Labels are the method, the route's pattern (`unmatched` when none matched)
 * and the status. A write route's request also counts as a command of its type, with its outcome:
 * `accepted`, `replayed` (answered from its Idempotency-Key), or the `code` of the problem
 * document that refused it, read on its way out (onSend).
 */
export function installHttpMetrics(
  fastify: FastifyInstance,
  metrics: ApiMetrics,
  writeRoutes: WriteRoutes,
): void {
  const problemCodes = new WeakMap<FastifyRequest, string>();
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const code = problemCodeOf(reply, payload);
    if (code !== null) problemCodes.set(request, code);
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? null;
    if (route !== METRICS_PATH) {
      const status = reply.statusCode;
      metrics.observeRequest({
        method: METHODS.has(request.method) ? request.method : 'OTHER',
        route: route ?? UNMATCHED_ROUTE,
        status,
        seconds: reply.elapsedTime / 1000,
      });
      const type = route === null ? undefined : writeRoutes.get(routeKey(request.method, route));
      if (type !== undefined) {
        metrics.countCommand(type, outcomeOf(status, reply, problemCodes.get(request)));
      }
    }
    done();
  });
}

function outcomeOf(
  status: number,
  reply: FastifyReply,
  problemCode: string | undefined,
): CommandOutcome {
  if (status < 400)
    return reply.getHeader('idempotent-replayed') === 'true' ? 'replayed' : 'accepted';
  return problemCode ?? `HTTP.${status}`;
}

/** The `code` of a problem document being sent, or null for any other answer. */
function problemCodeOf(reply: FastifyReply, payload: unknown): string | null {
  const type = reply.getHeader('content-type');
  if (typeof type !== 'string' || !type.startsWith(PROBLEM_CONTENT_TYPE)) return null;
  if (typeof payload !== 'string') return null;
  try {
    const { code } = JSON.parse(payload) as { code?: unknown };
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}
