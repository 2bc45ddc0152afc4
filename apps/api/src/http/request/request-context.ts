import { randomUUID } from 'node:crypto';
import { containsNhsNumber } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication guard on every non-public route. */
    actor?: Actor;
    /** The caller's X-Correlation-Id, or a new one: ties one business operation together. */
    correlationId: string;
  }
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request its correlation id and echoes both ids in the response, so a caller can
 * quote them and an auditor can find the events they caused. The request id (a UUID) is the
 * causation id of every event the request writes.
 */
export function installRequestContext(fastify: FastifyInstance): void {
  fastify.decorateRequest('correlationId', '');
  fastify.addHook('onRequest', (request, reply, done) => {
    const offered = request.headers['x-correlation-id'];
    // An id we cannot store safely is replaced rather than refused: it is only a label. One
    // holding an NHS number is replaced too, so it is never echoed back (the NHS-number guard
    // still refuses the request).
    request.correlationId =
      typeof offered === 'string' && CORRELATION_ID.test(offered) && !containsNhsNumber(offered)
        ? offered
        : randomUUID();
    void reply.header('x-correlation-id', request.correlationId).header('x-request-id', request.id);
    done();
  });
}
