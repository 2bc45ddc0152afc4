import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { findNhsNumberFields } from '@ledger/domain';
import type { FastifyRequest } from 'fastify';
import { NhsNumberRefusedError } from '@ledger/contracts';

/**
 * Global guard: refuses any request that carries a valid NHS number anywhere the ledger could
 * store or echo it (a body field's value or name at any depth, a path segment, a query
 * parameter's name or value, the ids it records from headers), before validation or the
 * ledger ever sees it. Confidential patient data must not enter a finance system.
 */
@Injectable()
export class NhsNumberGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const fields = [
      // An NDJSON import arrives as text; the import checks each line itself, so that a refusal
      // names the line rather than the whole file.
      ...(typeof request.body === 'string' ? [] : findNhsNumberFields(request.body)),
      ...prefixed('path', findNhsNumberFields(request.params)),
      ...prefixed('query', findNhsNumberFields(request.query)),
      ...prefixed('header', findNhsNumberFields(recordedHeaders(request))),
    ];
    if (fields.length > 0) throw new NhsNumberRefusedError(fields);
    return true;
  }
}

function recordedHeaders(request: FastifyRequest): Record<string, unknown> {
  return {
    'Idempotency-Key': request.headers['idempotency-key'],
    'X-Correlation-Id': request.headers['x-correlation-id'],
  };
}

function prefixed(where: string, fields: string[]): string[] {
  return fields.map((field) => `${where}.${field}`);
}
