import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './send-problem';

/**
 * Errors Fastify raises while routing, before any hook or Nest runs (a URL with a broken
 * percent escape, say). Fastify would answer them with its own body, which repeats the URL and
 * so any NHS number in it; the ledger answers them as every other error, redacted.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendProblem(error, request, reply);
}
