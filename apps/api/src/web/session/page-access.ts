import {
  applyDecorators,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthorisationError, roleMayPerform, type LedgerAction } from '@ledger/commands';
import type { FastifyRequest } from 'fastify';
import { PageRoute } from '../../http/auth/route-access';
import { signedInActor } from './web-session';

export const PAGE_ACCESS = 'ledger:page-access';

/**
 * Who may open a page: anyone (the sign-in pages), or a signed-in actor whose role may perform
 * `action` (null: any role, as for signing out): a read for a page, the write itself for a
 * form and its post.
 */
export type PageAccess = { signedIn: false } | { signedIn: true; action: LedgerAction | null };

/**
 * A page for a signed-in actor whose role may perform `action` (the action the API's route for
 * the same read declares). Whether the actor's organisation is in scope for the agreement is
 * the use-case layer's to check, exactly as for the API.
 */
export const SignedInPage = (action: LedgerAction | null) =>
  applyDecorators(PageRoute(), SetMetadata(PAGE_ACCESS, { signedIn: true, action }));

/** A page anyone may open: signing in, and what explains it. */
export const OpenPage = () =>
  applyDecorators(PageRoute(), SetMetadata(PAGE_ACCESS, { signedIn: false }));

/** Nobody is signed in: the page answers with a redirect to the sign-in page. */
export class SignInRequiredError extends Error {
  constructor(readonly returnTo: string | null) {
    super('Sign in to see this page');
    this.name = 'SignInRequiredError';
  }
}

/**
 * The web module's authentication: every page declares its access (a page without one is
 * refused to everyone), the signed-in actor comes from the session cookie and is put on the
 * request where the API's guard puts a token's (so `CurrentActor` reads it the same way), and a
 * role that may never perform the page's read is refused as the API refuses it.
 */
@Injectable()
export class PageAccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<PageAccess | undefined>(PAGE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access === undefined) throw new Error(`${context.getClass().name} declares no page access`);
    if (!access.signedIn) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const actor = signedInActor(request);
    if (actor === null) {
      throw new SignInRequiredError(request.method === 'GET' ? request.url : null);
    }
    request.actor = actor;
    if (access.action !== null && !roleMayPerform(actor.role, access.action)) {
      throw new AuthorisationError(
        'AUTH.FORBIDDEN_ROLE',
        `The role ${actor.role} may not perform ${access.action}`,
      );
    }
    return true;
  }
}
