import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The form's CSRF token is missing, or does not match the session's secret. */
export class FormTokenRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`The form was refused: ${reason}`);
    this.name = 'FormTokenRefusedError';
  }
}

/**
 * Every form a page posts carries a CSRF token (`_csrf`, made by `reply.generateCsrf()` from a
 * secret kept in the session cookie), and this guard checks it with @fastify/csrf-protection's
 * own check before the route runs. The plugin answers a refusal itself, through the reply; here
 * that answer is caught as an error instead, so the page's error filter shows it as a page in
 * the service's own style, and nothing of the route runs.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return new Promise((resolve, reject) => {
      const refusal = {
        send: (error: Error) => reject(new FormTokenRefusedError(error.message)),
      } as unknown as FastifyReply;
      request.server.csrfProtection(request, refusal, () => resolve(true));
    });
  }
}
