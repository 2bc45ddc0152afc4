import type { FastifyRequest } from 'fastify';

/** The web app's addresses: pages at the root, beside the API under /v1. */
export const WEB_PATHS = {
  home: '/',
  signIn: '/sign-in',
  signInWithProvider: '/sign-in/oidc',
  signInCallback: '/sign-in/callback',
  signOut: '/sign-out',
  agreements: '/agreements',
  cases: '/cases',
  events: '/events',
  verifyEvents: '/events/verify',
  assets: '/assets/',
} as const;

export const agreementPath = (agreementId: string): string =>
  `${WEB_PATHS.agreements}/${encodeURIComponent(agreementId)}`;

/** An agreement's own pages, beside its overview: `/agreements/{id}/savings` and the rest. */
export const AGREEMENT_PAGES = {
  overview: '',
  savings: '/savings',
  outOfArea: '/out-of-area',
  managementAccounts: '/management-accounts',
  chain: '/chain',
  statements: '/accounts',
} as const;

export type AgreementPage = keyof typeof AGREEMENT_PAGES;

export const agreementPagePath = (agreementId: string, page: AgreementPage): string =>
  `${agreementPath(agreementId)}${AGREEMENT_PAGES[page]}`;

/** The write forms of an agreement: each page posts to its own address. */
export const AGREEMENT_FORMS = {
  periodCloses: '/period-closes',
  reinvestment: '/reinvestments/new',
  allocation: '/allocations/new',
} as const;

export const agreementFormPath = (
  agreementId: string,
  form: keyof typeof AGREEMENT_FORMS,
): string => `${agreementPath(agreementId)}${AGREEMENT_FORMS[form]}`;

/** One account's statement: `/agreements/{id}/accounts/{account}` (the account URL-encoded). */
export const statementPath = (agreementId: string, account: string): string =>
  `${agreementPagePath(agreementId, 'statements')}/${encodeURIComponent(account)}`;

/** An event of the agreement's own stream, for every role that may read the agreement's events. */
export const agreementEventPath = (agreementId: string, position: number): string =>
  `${agreementPath(agreementId)}/events/${position}`;

/** An event of the global log, by its position, for those who may read the whole log. */
export const eventPath = (position: number): string => `${WEB_PATHS.events}/${position}`;

export const casePath = (caseId: string): string =>
  `${WEB_PATHS.cases}/${encodeURIComponent(caseId)}`;

/**
 * The routes that take a form (application/x-www-form-urlencoded), as Fastify names them;
 * nothing else reads one.
 */
export const WEB_FORM_ROUTES: ReadonlySet<string> = new Set([
  WEB_PATHS.signIn,
  WEB_PATHS.signOut,
  ...Object.values(AGREEMENT_FORMS).map((form) => `${WEB_PATHS.agreements}/:agreementId${form}`),
]);

/** Paths that belong to the API and the operators, never answered with a page. */
const NOT_PAGES = /^\/(v1|docs|openapi\.json|health|ready|metrics)(\/|$|\?)/;

/**
 * Whether a request that matched no route should be answered with a page rather than a problem
 * document: a browser (it asks for HTML) asking for something outside the API.
 */
export function wantsPage(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return !NOT_PAGES.test(request.url) && /\btext\/html\b/.test(accept);
}

/**
 * A path to come back to after signing in: one of this service's pages, never another site
 * (`//evil.example`, `/\evil.example`) and never the sign-in pages themselves.
 */
export function safeReturnPath(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 2000) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  if (raw.startsWith(WEB_PATHS.signIn) || raw.startsWith(WEB_PATHS.signOut)) return null;
  return /^\/[\x21-\x7e]*$/.test(raw) ? raw : null;
}
