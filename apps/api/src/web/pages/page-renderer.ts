import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { roleMayPerform } from '@ledger/commands';
import type { OpenIdProvider } from '../../http/auth/open-id-provider';
import { WEB_OPENID_PROVIDER } from '../web-options';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { nhsukAssetNames } from '../install-web';
import { signedInActor } from '../session/web-session';
import { WEB_PATHS } from '../web-paths';
import { ROLE_DESCRIPTIONS } from './roles';

export const SERVICE_NAME = 'Out-of-area placements ledger';

/** The parts of the header's navigation; a page says which it belongs to. */
export type PageSection = 'agreements' | 'cases' | 'events';

/** One page to render: its template under views/, its title, and what the template reads. */
export interface Page {
  template: string;
  /** The page's own name: the <title> is "<title> – Out-of-area placements ledger – NHS". */
  title: string;
  section?: PageSection;
  /** The page has a form of its own, so it needs a CSRF token even when nobody is signed in. */
  hasForm?: boolean;
  status?: number;
  /** An error summary leads the page: its title gets "Error: " in front (the NHS pattern). */
  hasErrors?: boolean;
  data?: Record<string, unknown>;
}

/**
 * Renders every page inside the one layout (views/layout.njk, on nhsuk-frontend's template):
 * the header with the service name and, when someone is signed in, who they are and a sign-out
 * form; the navigation; the footer. It sets the headers every page shares:
 *
 * - a Content-Security-Policy that runs only this service's scripts and the layout's one inline
 *   script, by a nonce made for this response, and loads nothing from another site (the
 *   Frutiger web font falls back to Arial, as nhsuk-frontend intends); its forms lead only
 *   here, or to the OpenID Connect provider (sign-out ends the provider's session there too);
 * - `Cache-Control: no-store`, since pages show ledger figures and carry a CSRF token.
 */
@Injectable()
export class PageRenderer {
  private readonly assets = nhsukAssetNames();
  /** Where a form may lead: here, and the provider's sign-out when there is one. */
  private readonly formTargets: string;
  /** Whether people sign in with their organisation's account (the sign-in page offers it). */
  private readonly providerSignIn: boolean;

  constructor(@Inject(WEB_OPENID_PROVIDER) provider: OpenIdProvider | null) {
    this.formTargets = provider === null ? "'self'" : `'self' ${provider.origin}`;
    this.providerSignIn = provider !== null;
  }

  async render(request: FastifyRequest, reply: FastifyReply, page: Page): Promise<string> {
    const cspNonce = randomBytes(16).toString('base64');
    const actor = signedInActor(request);
    const csrfToken = actor !== null || page.hasForm === true ? reply.generateCsrf() : null;
    void reply
      .status(page.status ?? 200)
      .header('content-security-policy', contentSecurityPolicy(cspNonce, this.formTargets))
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'same-origin')
      .header('x-content-type-options', 'nosniff');
    return reply.viewAsync(page.template, {
      ...page.data,
      pageTitle: `${page.hasErrors ? 'Error: ' : ''}${page.title} – ${SERVICE_NAME} – NHS`,
      serviceName: SERVICE_NAME,
      section: page.section ?? null,
      cspNonce,
      csrfToken,
      assets: { path: WEB_PATHS.assets.replace(/\/$/, ''), ...this.assets },
      paths: WEB_PATHS,
      providerSignIn: this.providerSignIn,
      signedIn: actor && {
        subject: actor.subject,
        role: ROLE_DESCRIPTIONS[actor.role as keyof typeof ROLE_DESCRIPTIONS]?.name ?? actor.role,
        organisationCode: actor.organisationCode,
        /** The header offers the event log only to the roles that may read the whole log. */
        mayReadLog: roleMayPerform(actor.role, 'ReadGlobalLog'),
      },
    });
  }
}

function contentSecurityPolicy(nonce: string, formTargets: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${formTargets}`,
    "frame-ancestors 'none'",
  ].join('; ');
}
