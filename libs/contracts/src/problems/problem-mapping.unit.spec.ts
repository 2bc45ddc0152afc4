/**
 * Proves the one table that turns every refusal into an HTTP status and a stable code, and
 * that an unexpected failure says nothing about internals.
 */
import {
  AuthorisationError,
  ConcurrencyContentionError,
  IdempotencyKeyReusedError,
  RevisionMismatchError,
  StreamNotFoundError,
} from '@ledger/commands';
import { DomainError } from '@ledger/domain';
import { EventStoreUnavailableError } from '@ledger/event-store';
import { NotFoundException } from '@nestjs/common';
import { problemDocument } from './problem-document';
import { problemAnswerFor } from './problem-mapping';
import {
  AuthenticationError,
  MalformedHeaderError,
  NhsNumberRefusedError,
  RequestValidationError,
} from './request-errors';

describe('problemAnswerFor', () => {
  it.each([
    [new RequestValidationError([{ field: 'amount', message: 'x' }]), 400, 'VALIDATION.FAILED'],
    [new DomainError('X.INVALID', 'm', 'invalid'), 422, 'X.INVALID'],
    [new DomainError('X.EXISTS', 'm', 'conflict'), 409, 'X.EXISTS'],
    [new DomainError('X.REFUSED', 'm', 'rejected'), 422, 'X.REFUSED'],
    [new RevisionMismatchError('s', 1, 2), 412, 'CONCURRENCY.REVISION_MISMATCH'],
    [
      new MalformedHeaderError('CONCURRENCY.IF_MATCH_MALFORMED', 'If-Match', 'bad'),
      400,
      'CONCURRENCY.IF_MATCH_MALFORMED',
    ],
    [new IdempotencyKeyReusedError('k'), 422, 'IDEMPOTENCY.KEY_REUSED'],
    [new ConcurrencyContentionError('s', 4), 409, 'CONCURRENCY.CONTENTION'],
    [new AuthenticationError('no'), 401, 'AUTH.UNAUTHENTICATED'],
    [new AuthorisationError('AUTH.OUT_OF_SCOPE', 'no'), 403, 'AUTH.OUT_OF_SCOPE'],
    [new StreamNotFoundError('case', 'c'), 404, 'CASE.NOT_FOUND'],
    [new NhsNumberRefusedError(['patientRef']), 422, 'PATIENT.NHS_NUMBER_REFUSED'],
    [new EventStoreUnavailableError('down'), 503, 'EVENT_STORE.UNAVAILABLE'],
    [new NotFoundException('Cannot GET /x'), 404, 'HTTP.ROUTE_NOT_FOUND'],
  ])('%s → %i %s', (error, status, code) => {
    expect(problemAnswerFor(error)).toMatchObject({ status, code });
  });

  it('tells a client of an unavailable store when to retry', () => {
    expect(problemAnswerFor(new EventStoreUnavailableError('disk gone')).headers).toEqual({
      'retry-after': '1',
    });
  });

  it('hides the message of an unexpected failure', () => {
    const answer = problemAnswerFor(new Error('SQLITE_CORRUPT at /secret/path'));
    expect(answer).toMatchObject({ status: 500, code: 'INTERNAL.UNEXPECTED' });
    expect(JSON.stringify(answer)).not.toContain('secret');
  });

  it('keeps standard members when a detail has the same name', () => {
    const error = new DomainError('X', 'm', 'rejected', [], {
      status: 'hijack',
      available: '0.00',
    });
    const doc = problemDocument(problemAnswerFor(error), '/v1/x');
    expect(doc).toMatchObject({ status: 422, available: '0.00', instance: '/v1/x' });
  });
});
