import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorPages } from './error-pages';

/** Every error a page's route (or its guards) throws leaves as a page, never as JSON. */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  constructor(private readonly errorPages: ErrorPages) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    void this.errorPages.answer(
      error,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
    );
  }
}
