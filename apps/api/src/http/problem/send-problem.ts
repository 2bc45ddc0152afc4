import { redactNhsNumbers } from '@ledger/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  PROBLEM_CONTENT_TYPE,
  problemAnswerFor,
  problemDocument,
  type ProblemAnswer,
} from '@ledger/contracts';
import { methodsServedAt } from './route-methods';

/**
 * Answers a failed request with its problem document; unexpected failures are logged in full,
 * on the request's own logger (so the line carries its `requestId`), with the route pattern
 * rather than the URL. The log's destination removes any NHS number from the error's message
 * and stack, as from every line.
 */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const answer = methodNotAllowed(problemAnswerFor(error), request);
  if (answer.status >= 500) {
    const route = request.routeOptions.url ?? null;
    request.log.error(
      {
        context: 'Problems',
        method: request.method,
        route,
        code: answer.code,
        err: error instanceof Error ? error : { message: 'non-error thrown' },
      },
      `${request.method} ${route ?? '(no route)'} failed: ${answer.code}`,
    );
  }
  // A refusal must never repeat patient data: the URL, a field's name or a framework message
  // may hold it, so every text of the answer is redacted on its way out, whatever made it.
  const path = redactNhsNumbers(request.url.split('?')[0]);
  const document = redactEveryText(problemDocument(answer, path));
  void reply
    .status(answer.status)
    .headers(answer.headers ?? {})
    .type(PROBLEM_CONTENT_TYPE)
    .send(document);
}

/** A path that exists, asked with a method it does not serve: 405 and what it does serve. */
function methodNotAllowed(answer: ProblemAnswer, request: FastifyRequest): ProblemAnswer {
  if (answer.code !== 'HTTP.ROUTE_NOT_FOUND') return answer;
  const allowed = methodsServedAt(request);
  if (allowed.length === 0) return answer;
  return {
    status: 405,
    code: 'HTTP.METHOD_NOT_ALLOWED',
    detail: `${request.method} is not served here; this path takes ${allowed.join(', ')}.`,
    retryable: false,
    headers: { allow: allowed.join(', ') },
  };
}

function redactEveryText<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, item: unknown) =>
    typeof item === 'string' ? redactNhsNumbers(item) : item,
  ) as T;
}
