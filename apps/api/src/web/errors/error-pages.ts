import { Injectable } from '@nestjs/common';
import { redactNhsNumbers } from '@ledger/domain';
import { problemAnswerFor, type ProblemAnswer } from '@ledger/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../../http/problem/send-problem';
import { PageRenderer } from '../pages/page-renderer';
import { FormTokenRefusedError } from '../session/csrf.guard';
import { SignInRequiredError } from '../session/page-access';
import { signedInActor } from '../session/web-session';
import { WEB_PATHS } from '../web-paths';

/** What an error page says: its heading (also its title) and its paragraphs. */
interface ErrorPage {
  title: string;
  paragraphs: string[];
}

/**
 * The words of each error page, in the NHS service manual's patterns. None repeats anything
 * from the request (its address, its fields), so an NHS number sent in one is never echoed.
 */
const PAGES = {
  notFound: {
    title: 'Page not found',
    paragraphs: [
      'If you typed the web address, check it is correct.',
      'If you pasted the web address, check you copied the entire address.',
      'An agreement shows only once it has been recorded in the ledger.',
    ],
  },
  forbidden: {
    title: 'You cannot see this page',
    paragraphs: [
      'Your role, or your organisation, does not give you access to it.',
      'An agreement shows only to the organisations party to it (its commissioner, lead ' +
        'provider and partners) and to reviewers.',
    ],
  },
  badAddress: {
    title: 'There is a problem with the web address',
    paragraphs: [
      'This service does not understand the address, or a value in it.',
      'If you typed the web address, check it is correct, or start again from the list of agreements.',
    ],
  },
  nhsNumber: {
    title: 'This web address cannot be used',
    paragraphs: [
      'It holds what looks like an NHS number. This service names patients only by a ' +
        'pseudonym, so it neither reads nor repeats NHS numbers.',
      'Remove the NHS number from the address and try again.',
    ],
  },
  nhsNumberInForm: {
    title: 'This form cannot be sent',
    paragraphs: [
      'One of its fields holds what looks like an NHS number. This service names patients ' +
        'only by a pseudonym, so it neither reads nor repeats NHS numbers.',
      'Nothing was recorded. Go back, take the NHS number out, and send the form again.',
    ],
  },
  formRefused: {
    title: 'Your form could not be sent',
    paragraphs: [
      'For your security, each form works only from the page this service gave you, and only ' +
        'for a while.',
      'Go back, reload the page, and send the form again.',
    ],
  },
  unavailable: {
    title: 'Sorry, the service is unavailable',
    paragraphs: ['The ledger cannot be reached just now. Try again in a few moments.'],
  },
  failed: {
    title: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later. The problem has been logged.'],
  },
} satisfies Record<string, ErrorPage>;

/**
 * Answers a failed page request with a page: a redirect to sign in when nobody is, else an
 * error page in the service's style with the status the API would give the same failure
 * (`problemAnswerFor`, the one mapping of errors to HTTP), logged as the API logs a 5xx.
 */
@Injectable()
export class ErrorPages {
  constructor(private readonly pages: PageRenderer) {}

  async answer(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      if (error instanceof SignInRequiredError) {
        const query = error.returnTo ? `?returnTo=${encodeURIComponent(error.returnTo)}` : '';
        void reply.redirect(`${WEB_PATHS.signIn}${query}`, 303);
        return;
      }
      const answer =
        error instanceof FormTokenRefusedError
          ? { status: 403, code: 'WEB.FORM_TOKEN_REFUSED', detail: error.message, retryable: false }
          : problemAnswerFor(error);
      if (answer.status >= 500) logFailure(error, answer, request);
      const page = pageFor(error, answer, request.method);
      const html = await this.pages.render(request, reply, {
        template: 'error.njk',
        title: page.title,
        status: answer.status,
        data: {
          heading: page.title,
          paragraphs: page.paragraphs.map(redactNhsNumbers),
          signInLink: signedInActor(request) === null,
        },
      });
      void reply.headers(answer.headers ?? {}).send(html);
    } catch (failure) {
      // The error page itself failed: the problem document still says what happened.
      request.log.error({ err: failure }, 'rendering an error page failed');
      sendProblem(error, request, reply);
    }
  }
}

function pageFor(
  error: unknown,
  answer: Pick<ProblemAnswer, 'status' | 'code'>,
  method: string,
): ErrorPage {
  if (error instanceof FormTokenRefusedError) return PAGES.formRefused;
  if (answer.code === 'PATIENT.NHS_NUMBER_REFUSED') {
    return method === 'POST' ? PAGES.nhsNumberInForm : PAGES.nhsNumber;
  }
  if (answer.status === 404 || answer.status === 405) return PAGES.notFound;
  if (answer.status === 401 || answer.status === 403) return PAGES.forbidden;
  if (answer.status === 503) return PAGES.unavailable;
  if (answer.status >= 500) return PAGES.failed;
  return PAGES.badAddress;
}

function logFailure(error: unknown, answer: ProblemAnswer, request: FastifyRequest): void {
  const route = request.routeOptions.url ?? null;
  request.log.error(
    {
      context: 'Pages',
      method: request.method,
      route,
      code: answer.code,
      err: error instanceof Error ? error : { message: 'non-error thrown' },
    },
    `${request.method} ${route ?? '(no route)'} failed: ${answer.code}`,
  );
}
