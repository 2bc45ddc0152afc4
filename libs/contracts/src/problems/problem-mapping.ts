import { HttpException } from '@nestjs/common';
import {
  AuthorisationError,
  ConcurrencyContentionError,
  IdempotencyKeyReusedError,
  JsonTooDeepError,
  LogBehindError,
  MalformedJsonError,
  PeriodClosesStoppedError,
  ReportQueryError,
  RevisionMismatchError,
  StreamNotFoundError,
} from '@ledger/commands';
import { DomainError, type DomainErrorKind } from '@ledger/domain';
import { EventStoreUnavailableError } from '@ledger/event-store';
import type { ProblemAnswer } from './problem-document';
import {
  AuthenticationError,
  MalformedHeaderError,
  NhsNumberRefusedError,
  RequestValidationError,
} from './request-errors';

const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  invalid: 422,
  conflict: 409,
  rejected: 422,
};

type Mapping = (error: Error) => ProblemAnswer | null;

/**
 * One list, in one place, of how every refusal is answered over HTTP. The first mapping that
 * recognises the error wins; anything unrecognised is a 500 that says nothing about internals.
 */
const MAPPINGS: Mapping[] = [
  (e) => (e instanceof PeriodClosesStoppedError ? stoppedClosesAnswer(e) : null),
  (e) => (e instanceof MalformedJsonError ? answer(400, e.code, e.message, false) : null),
  (e) =>
    e instanceof JsonTooDeepError
      ? answer(400, e.code, e.message, false, { errors: e.fieldErrors })
      : null,
  (e) =>
    e instanceof RequestValidationError
      ? answer(400, e.code, e.message, false, { errors: e.fieldErrors })
      : null,
  (e) =>
    e instanceof ReportQueryError
      ? answer(400, e.code, e.message, false, {
          errors: [{ field: e.field, message: e.problem }],
        })
      : null,
  (e) =>
    e instanceof LogBehindError
      ? answer(503, e.code, e.message, true, {
          details: { minPosition: e.minPosition, headPosition: e.headPosition },
          headers: { 'retry-after': String(e.retryAfterSeconds) },
        })
      : null,
  (e) =>
    e instanceof NhsNumberRefusedError
      ? answer(422, e.code, e.message, false, {
          errors: e.fields.map((field) => ({ field, message: 'holds a valid NHS number' })),
        })
      : null,
  (e) =>
    e instanceof DomainError
      ? answer(DOMAIN_STATUS[e.kind], e.code, e.message, e.retryable, {
          errors: e.fieldErrors,
          details: e.details,
        })
      : null,
  (e) =>
    e instanceof RevisionMismatchError
      ? answer(412, e.code, e.message, false, {
          details: { expectedRevision: e.expectedRevision, currentRevision: e.currentRevision },
        })
      : null,
  (e) =>
    e instanceof MalformedHeaderError
      ? answer(400, e.code, e.message, false, {
          errors: [{ field: e.header, message: e.problem }],
        })
      : null,
  (e) => (e instanceof IdempotencyKeyReusedError ? answer(422, e.code, e.message, false) : null),
  (e) => (e instanceof ConcurrencyContentionError ? answer(409, e.code, e.message, true) : null),
  (e) =>
    e instanceof AuthenticationError
      ? answer(401, e.code, e.message, false, { headers: { 'www-authenticate': 'Bearer' } })
      : null,
  (e) => (e instanceof AuthorisationError ? answer(403, e.code, e.message, false) : null),
  (e) => (e instanceof StreamNotFoundError ? answer(404, e.code, e.message, false) : null),
  (e) =>
    e instanceof EventStoreUnavailableError
      ? answer(
          503,
          e.code,
          'The ledger store cannot be reached; nothing was written. Try again.',
          true,
          {
            headers: { 'retry-after': '1' },
          },
        )
      : null,
  (e) => (e instanceof HttpException ? httpAnswer(e.getStatus(), e.message) : null),
  (e) =>
    codeOf(e) === 'FST_ERR_BAD_URL'
      ? answer(
          400,
          'REQUEST.MALFORMED_URL',
          'The URL is not well-formed: a percent sign must start an escape such as %20.',
          false,
        )
      : null,
];

function codeOf(error: Error): unknown {
  return (error as Error & { code?: unknown }).code;
}

export function problemAnswerFor(error: unknown): ProblemAnswer {
  const failure = error instanceof Error ? error : new Error(String(error));
  for (const mapping of MAPPINGS) {
    const mapped = mapping(failure);
    if (mapped) return mapped;
  }
  return answer(
    500,
    'INTERNAL.UNEXPECTED',
    'Something went wrong on our side; it has been logged.',
    true,
  );
}

/**
 * A multi-month close refused part-way: answered as the refused month's own close would be, with
 * `failedPeriod` and the receipts of the closes before it, which stand (docs/api.md).
 */
function stoppedClosesAnswer(error: PeriodClosesStoppedError): ProblemAnswer {
  const refused = problemAnswerFor(error.reason);
  return {
    ...refused,
    detail: error.describe(refused.detail),
    details: {
      ...refused.details,
      failedPeriod: error.failedPeriod,
      closes: error.closes.map(({ period, streamId, revision, position, events }) => ({
        period,
        streamId,
        revision,
        position,
        events,
      })),
    },
  };
}

function answer(
  status: number,
  code: string,
  detail: string,
  retryable: boolean,
  extra: Pick<ProblemAnswer, 'errors' | 'details' | 'headers'> = {},
): ProblemAnswer {
  return { status, code, detail, retryable, ...extra };
}

/**
 * Nest's own HTTP exceptions: unknown routes, and the refusals Fastify makes before a route runs
 * (malformed JSON, wrong media type, too large), which Nest hands on as HttpExceptions.
 */
function httpAnswer(status: number, message: string): ProblemAnswer {
  const known: Record<number, string> = {
    404: 'HTTP.ROUTE_NOT_FOUND',
    413: 'REQUEST.TOO_LARGE',
    415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  };
  if (status === 415) {
    return answer(415, known[415], UNSUPPORTED_MEDIA_TYPE, false);
  }
  if (status === 413) {
    return answer(413, known[413], 'The body is larger than this endpoint accepts.', false);
  }
  if (status === 400) {
    const code = /json/i.test(message) ? 'REQUEST.MALFORMED_JSON' : 'REQUEST.MALFORMED';
    return answer(400, code, message, false);
  }
  return answer(status, known[status] ?? `HTTP.${status}`, message, false);
}

/** What a caller who sent a form, XML, text or no Content-Type at all should do instead. */
export const UNSUPPORTED_MEDIA_TYPE =
  'The body must be JSON, sent with the header Content-Type: application/json ' +
  '(an import takes application/x-ndjson). Forms, XML and plain text are not read; with ' +
  "curl, add -H 'content-type: application/json' to -d.";
