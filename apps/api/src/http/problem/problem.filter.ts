import { Catch, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorPages } from '../../web/errors/error-pages';
import { wantsPage } from '../../web/web-paths';
import { sendProblem } from './send-problem';

/**
 * Every error a route throws leaves as an RFC 9457 problem document; the pages have their own
 * filter. What reaches this one from outside any route (an address nobody serves) is answered
 * with the web app's "Page not found" when a browser asks for a page, so a mistyped address in
 * the web app stays in the web app.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Optional() private readonly errorPages?: ErrorPages) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (this.errorPages && wantsPage(request)) {
      void this.errorPages.answer(error, request, reply);
      return;
    }
    sendProblem(error, request, reply);
  }
}
