import { redactNhsNumbers } from '@ledger/domain';
import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemDocument } from '@ledger/contracts';
import { problemAnswerFor } from '@ledger/contracts';

const logger = new Logger('Problems');

/** Answers a failed request with its problem document; unexpected failures are logged in full. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const answer = problemAnswerFor(error);
  if (answer.status >= 500) {
    logger.error(
      `${request.method} ${redactNhsNumbers(request.url)} (request ${request.id}) failed: ${answer.code}`,
      error instanceof Error ? error.stack : String(error),
    );
  }
  // A refusal must never repeat patient data: the URL or a framework message may hold it.
  const path = redactNhsNumbers(request.url.split('?')[0]);
  const safe = { ...answer, detail: redactNhsNumbers(answer.detail) };
  void reply
    .status(answer.status)
    .headers(answer.headers ?? {})
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemDocument(safe, path));
}
