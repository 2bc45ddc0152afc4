import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const tracer = trace.getTracer('@ledger/api');

/** Operational routes polled every few seconds: tracing each poll would bury the requests. */
const UNTRACED_ROUTES = new Set(['/health', '/ready', '/metrics']);

interface RequestTrace {
  span: Span;
  context: Context;
}

/**
 * One server span per HTTP request, the root of the request's trace (or the child of the
 * caller's span when the request carries a W3C `traceparent`, with its `tracestate`), named by
 * method and route pattern (`POST /v1/cases/:caseId/placements`), ended with the status.
 *
 * The span is started when the request arrives (onRequest) and made the active span from
 * preHandler on, so the guard, the controller, the bus and the command layer, which all run
 * inside the route's handler, start their spans as its children. Its attributes are the method,
 * the route pattern, the status, and the request and correlation ids (`x-request-id`,
 * `x-correlation-id`, to find the trace from a response or a log line). Never the path as sent,
 * the query, the headers or the body: they can hold what a caller should not have sent, such as
 * an NHS number. With tracing off the span is the API's no-op, at the cost of a few calls.
 *
 * Install before the routes are added (createLedgerApp does, before Nest builds the app).
 */
export function installHttpTracing(fastify: FastifyInstance): void {
  const traces = new WeakMap<FastifyRequest, RequestTrace>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route === undefined || !UNTRACED_ROUTES.has(route)) {
      const parent = propagation.extract(ROOT_CONTEXT, request.headers);
      const span = tracer.startSpan(
        route === undefined ? request.method : `${request.method} ${route}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': request.method,
            ...(route !== undefined && { 'http.route': route }),
            'ledger.request_id': request.id,
          },
        },
        parent,
      );
      traces.set(request, { span, context: trace.setSpan(parent, span) });
    }
    done();
  });
  // The handler runs synchronously from the last preHandler's `done`, so it and everything it
  // awaits run in the request's context.
  fastify.addHook('preHandler', (request, _reply, done) => {
    const requestTrace = traces.get(request);
    if (requestTrace) context.with(requestTrace.context, done);
    else done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const requestTrace = traces.get(request);
    if (requestTrace) {
      traces.delete(request);
      endSpan(requestTrace.span, request, reply.statusCode);
    }
    done();
  });
  // A caller that hangs up before the answer: onResponse never comes.
  fastify.addHook('onRequestAbort', (request, done) => {
    const requestTrace = traces.get(request);
    if (requestTrace) {
      traces.delete(request);
      requestTrace.span.setAttribute('ledger.request.aborted', true);
      endSpan(requestTrace.span, request, null);
    }
    done();
  });
}

function endSpan(span: Span, request: FastifyRequest, status: number | null): void {
  if (span.isRecording()) {
    span.setAttribute('ledger.correlation_id', request.correlationId);
    if (status !== null) span.setAttribute('http.response.status_code', status);
    // A server span fails on a 5xx only: a 4xx is the caller's mistake, answered as designed.
    if (status === null || status >= 500) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute('error.type', status === null ? 'aborted' : String(status));
    }
  }
  span.end();
}
