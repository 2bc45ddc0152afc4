import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandRequest } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { FastifyRequest } from 'fastify';
import { MalformedHeaderError } from '@ledger/contracts';

const IF_MATCH = /^"(0|[1-9]\d{0,14})"$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The authenticated actor; only on routes behind the authentication guard. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return actorOf(context.switchToHttp().getRequest<FastifyRequest>());
});

/** Everything the command layer needs about who asks and under which conditions. */
export const LedgerRequest = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandRequest => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return {
      actor: actorOf(request),
      correlationId: request.correlationId,
      causationId: request.id,
      idempotencyKey: idempotencyKeyOf(request),
      expectedRevision: expectedRevisionOf(request),
    };
  },
);

function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('No actor on the request: is the route public by mistake?');
  return request.actor;
}

/** `If-Match: "<revision>"`, the ETag a read or an earlier write returned. */
function expectedRevisionOf(request: FastifyRequest): number | null {
  const raw = request.headers['if-match'];
  if (raw === undefined) return null;
  const match = IF_MATCH.exec(raw);
  if (!match) {
    throw new MalformedHeaderError(
      'CONCURRENCY.IF_MATCH_MALFORMED',
      'If-Match',
      'must be one stream revision in quotes, as an ETag gives it, e.g. "3"',
    );
  }
  return Number(match[1]);
}

function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !IDEMPOTENCY_KEY.test(raw)) {
    throw new MalformedHeaderError(
      'IDEMPOTENCY.KEY_MALFORMED',
      'Idempotency-Key',
      'must be 1 to 200 visible ASCII characters, e.g. a UUID',
    );
  }
  return raw;
}
