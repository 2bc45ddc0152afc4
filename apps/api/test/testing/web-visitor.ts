import type { LightMyRequestResponse } from 'fastify';
import type { Caller, LedgerTestApp } from './ledger-test-app';

/**
 * A visitor to the web app over plain HTTP (Fastify's inject, no browser): it keeps the cookies
 * the app sets, as a browser would, sends forms as a browser does
 * (application/x-www-form-urlencoded), and reads the CSRF token from the page it was given.
 */
export class WebVisitor {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly ledger: LedgerTestApp) {}

  /** The cookie header this visitor sends, as a browser would. */
  cookieHeader(): string {
    return [...this.cookies]
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.ledger.app.inject({
        method: 'GET',
        url,
        headers: { accept: 'text/html', ...this.withCookies(), ...headers },
      }),
    );
  }

  async post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.ledger.app.inject({
        method: 'POST',
        url,
        headers: {
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          ...this.withCookies(),
        },
        payload: new URLSearchParams(fields).toString(),
      }),
    );
  }

  /** Opens the sign-in page and sends its form as `caller`; answers the form's response. */
  async signIn(caller: Caller, returnTo?: string): Promise<LightMyRequestResponse> {
    const page = await this.get(
      `/sign-in${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
    );
    return this.post('/sign-in', {
      _csrf: csrfTokenOf(page.body),
      subject: caller.subject,
      role: caller.role,
      organisationCode: caller.organisationCode ?? '',
      returnTo: returnTo ?? '',
    });
  }

  private withCookies(): Record<string, string> {
    return this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {};
  }

  /** Keeps what Set-Cookie says: a value, or its removal (Max-Age=0 or an expiry in the past). */
  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies) {
      const expired =
        cookie.maxAge === 0 ||
        (cookie.expires !== undefined && new Date(cookie.expires).getTime() <= Date.now());
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }
}

/** The CSRF token a page's forms carry. */
export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('The page has no form with a CSRF token');
  return match[1];
}

/** The page's visible text, its tags taken out and its spaces collapsed, to read figures off. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text of the page's main landmark only. */
export function mainTextOf(html: string): string {
  const main = /<main[\s\S]*?<\/main>/.exec(html);
  if (!main) throw new Error('The page has no main landmark');
  return textOf(main[0]);
}
