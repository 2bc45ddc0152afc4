import { redactNhsNumbers } from '@ledger/domain';
import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  PROBLEM_CONTENT_TYPE,
  problemAnswerFor,
  problemDocument,
  type ProblemAnswer,
} from '@ledger/contracts';
import { methodsServedAt } from './route-methods';

const logger = new Logger('Problems');

/** Answers a failed request with its problem document; unexpected failures are logged in full. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const answer = methodNotAllowed(problemAnswerFor(error), request);
  if (answer.status >= 500) {
    logger.error(
      `${request.method} ${redactNhsNumbers(request.url)} (request ${request.id}) failed: ${answer.code}`,
      error instanceof Error ? redactNhsNumbers(error.stack ?? error.message) : 'non-error thrown',
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
