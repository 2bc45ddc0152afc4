import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import { RequestValidationError } from '@ledger/contracts';

/**
 * Global guard: a route that declares no query DTO takes no query parameter. Reads with a query
 * DTO already refuse unknown parameters through the validation pipe; without this guard a write
 * (or a read without parameters) would silently ignore `?anything=…`, and a caller's typo, or
 * data they meant to send, would vanish without a word.
 */
@Injectable()
export class QueryParametersGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const names = Object.keys(request.query ?? {});
    if (names.length === 0 || declaresQuery(context)) return true;
    // The NHS-number guard has already refused any name holding one, so names are safe to echo.
    throw new RequestValidationError(
      names.map((name) => ({
        field: `query.${name}`,
        message: 'is not a parameter of this request (it takes none)',
      })),
    );
  }
}

function declaresQuery(context: ExecutionContext): boolean {
  const argumentsByKey = (Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    context.getClass(),
    context.getHandler().name,
  ) ?? {}) as Record<string, unknown>;
  return Object.keys(argumentsByKey).some((key) => key.startsWith(`${RouteParamtypes.QUERY}:`));
}
