import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthorisationError, roleMayPerform, type LedgerAction } from '@ledger/commands';
import type { FastifyRequest } from 'fastify';
import { AuthenticationError } from '@ledger/contracts';
import { LedgerTokens } from './ledger-tokens';
import { PAGE_ROUTE, PUBLIC_ROUTE, REQUIRED_ACTION } from './route-access';

/**
 * Global guard: verifies the bearer token, attaches the actor to the request, and refuses a
 * role that may never perform the route's action. Whether the actor's organisation is in
 * scope needs the agreement, so the command layer checks that after reading it.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: LedgerTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    // A page is the web module's to authenticate, from its session cookie (PageAccessGuard).
    if (this.reflector.getAllAndOverride<boolean>(PAGE_ROUTE, targets)) return true;
    const action = this.reflector.getAllAndOverride<LedgerAction | undefined>(
      REQUIRED_ACTION,
      targets,
    );
    // Fail closed: a route that forgot to declare its action is refused to everyone.
    if (action === undefined) throw new Error(`${context.getClass().name} declares no action`);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const actor = await this.tokens.verify(bearerToken(request));
    request.actor = actor;
    if (!roleMayPerform(actor.role, action)) {
      throw new AuthorisationError(
        'AUTH.FORBIDDEN_ROLE',
        `The role ${actor.role} may not perform ${action}`,
      );
    }
    return true;
  }
}

function bearerToken(request: FastifyRequest): string {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(request.headers.authorization ?? '');
  if (!match) throw new AuthenticationError('Send a bearer token: Authorization: Bearer <token>');
  return match[1];
}
